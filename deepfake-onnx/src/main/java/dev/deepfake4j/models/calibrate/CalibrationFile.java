package dev.deepfake4j.models.calibrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.calibrate.Calibration;
import dev.deepfake4j.calibrate.FittedCalibration;
import dev.deepfake4j.calibrate.IsotonicCalibration;
import dev.deepfake4j.calibrate.PlattCalibration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes {@code calibration.json}:
 *
 * <pre>{@code
 * {"format": 1,
 *  "method": "platt" | "temperature" | "isotonic",
 *  "epsilon": 0.01,
 *  "platt": {"slope": 0.42, "intercept": 1.50},             // platt and temperature (intercept 0)
 *  "isotonic": {"x": [...], "y": [...]},                      // isotonic: the knots
 *  "fitted_on": {"files": 5, "fake": 4, "real": 1, "models": ["mesonet4-df"], "detector": "...",
 *                "date": "2026-12-02T06:00:00Z"},
 *  "cv": {"folds": 5, "log_loss": {"raw": 0.61, "temperature": 0.65, "platt": 0.54, "isotonic": 1.15}}}
 * }</pre>
 *
 * A file without {@code format} is version 1; a later version is refused naming both. Anything malformed is a
 * {@link DeepfakeException} with {@link ErrorCode#UNSUPPORTED_INPUT} naming the file and the field, never another
 * exception. Stateless and thread-safe.
 */
public final class CalibrationFile {
    /** The format version this library writes and reads. */
    public static final int FORMAT = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CalibrationFile() {
    }

    /**
     * @param calibration what to write
     * @return the file's JSON text (UTF-8 when written), ending in a newline
     */
    public static String toJson(FittedCalibration calibration) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("method", calibration.method());
        Calibration map = calibration.map();
        if (map instanceof PlattCalibration p) {
            root.put("epsilon", p.epsilon());
            root.putObject("platt").put("slope", p.slope()).put("intercept", p.intercept());
        } else if (map instanceof IsotonicCalibration iso) {
            root.put("epsilon", iso.epsilon());
            ObjectNode knots = root.putObject("isotonic");
            ArrayNode x = knots.putArray("x");
            ArrayNode y = knots.putArray("y");
            for (double v : iso.knotX()) {
                x.add(v);
            }
            for (double v : iso.knotY()) {
                y.add(v);
            }
        } else {
            throw new IllegalArgumentException("Only Platt, temperature and isotonic maps can be written: " + map);
        }
        ObjectNode on = root.putObject("fitted_on");
        on.put("files", calibration.files()).put("fake", calibration.fakes()).put("real", calibration.reals());
        ArrayNode models = on.putArray("models");
        calibration.models().forEach(models::add);
        on.put("detector", calibration.detector());
        on.put("date", calibration.fittedAt().toString());
        ObjectNode cv = root.putObject("cv");
        cv.put("folds", calibration.folds());
        ObjectNode losses = cv.putObject("log_loss");
        calibration.cvLogLoss().forEach(losses::put);
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write calibration JSON", e);
        }
    }

    /**
     * @param file where to write (replaced)
     * @param calibration what to write
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, FittedCalibration calibration) throws IOException {
        Files.writeString(file, toJson(calibration));
    }

    /**
     * @param file a {@code calibration.json}
     * @return the calibration it holds
     * @throws DeepfakeException {@code FILE_NOT_FOUND}, {@code NOT_READABLE}, or {@code UNSUPPORTED_INPUT} naming
     *         the file and what is wrong
     */
    public static FittedCalibration read(Path file) throws DeepfakeException {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DeepfakeException(ErrorCode.FILE_NOT_FOUND, "Calibration file not found: " + file, file, e);
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.NOT_READABLE, "Cannot read calibration file " + file + ": " + e,
                    file, e);
        }
        return parse(bytes, file);
    }

    /**
     * @param json the file's content
     * @param source named in messages
     * @return the calibration it holds
     * @throws DeepfakeException {@code UNSUPPORTED_INPUT} naming {@code source} and what is wrong
     */
    public static FittedCalibration parse(byte[] json, Path source) throws DeepfakeException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw bad(source, "is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (root == null || !root.isObject()) {
            throw bad(source, "must hold a JSON object with \"format\", \"method\" and the map's parameters", null);
        }
        int format = root.has("format") ? integer(root, "format", source) : 1;
        if (format != FORMAT) {
            throw bad(source, "has format " + format + " but this library reads format " + FORMAT, null);
        }
        try {
            String method = text(root, "method", source);
            double epsilon = number(root, "epsilon", source);
            Calibration map = switch (method) {
                case "platt", "temperature" -> {
                    JsonNode p = object(root, "platt", source);
                    yield new PlattCalibration(number(p, "slope", source), number(p, "intercept", source), epsilon,
                            method.equals("temperature"));
                }
                case "isotonic" -> {
                    JsonNode iso = object(root, "isotonic", source);
                    yield new IsotonicCalibration(numbers(iso, "x", source), numbers(iso, "y", source), epsilon);
                }
                default -> throw bad(source, "has method '" + method + "'; expected platt, temperature or isotonic",
                        null);
            };
            JsonNode on = object(root, "fitted_on", source);
            List<String> models = new ArrayList<>();
            JsonNode m = on.path("models");
            if (!m.isMissingNode()) {
                if (!m.isArray()) {
                    throw bad(source, "field 'models' must be an array of model names", null);
                }
                for (JsonNode name : m) {
                    if (!name.isTextual()) {
                        throw bad(source, "field 'models' must hold names (strings): " + name, null);
                    }
                    models.add(name.asText());
                }
            }
            Instant date;
            try {
                date = Instant.parse(text(on, "date", source));
            } catch (DateTimeParseException e) {
                throw bad(source, "field 'date' is not an ISO-8601 instant: " + on.path("date"), e);
            }
            JsonNode cv = root.path("cv");
            Map<String, Double> losses = new LinkedHashMap<>();
            int folds = 0;
            if (cv.isObject()) {
                folds = cv.has("folds") ? integer(cv, "folds", source) : 0;
                for (Iterator<Map.Entry<String, JsonNode>> it = cv.path("log_loss").fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isNumber()) {
                        throw bad(source, "cv log loss '" + e.getKey() + "' is not a number: " + e.getValue(), null);
                    }
                    losses.put(e.getKey(), e.getValue().asDouble());
                }
            }
            return new FittedCalibration(map, integer(on, "files", source), integer(on, "fake", source),
                    integer(on, "real", source), models, on.path("detector").asText(""), date, folds, losses);
        } catch (IllegalArgumentException e) {
            throw bad(source, "is not a usable calibration: " + e.getMessage(), e);
        }
    }

    private static DeepfakeException bad(Path source, String what, Throwable cause) {
        return new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "Calibration file " + source + " " + what, source,
                cause);
    }

    private static JsonNode object(JsonNode node, String field, Path source) throws DeepfakeException {
        JsonNode v = node.path(field);
        if (!v.isObject()) {
            throw bad(source, "lacks the object '" + field + "'", null);
        }
        return v;
    }

    private static String text(JsonNode node, String field, Path source) throws DeepfakeException {
        JsonNode v = node.path(field);
        if (!v.isTextual()) {
            throw bad(source, "lacks the text field '" + field + "'", null);
        }
        return v.asText();
    }

    private static double number(JsonNode node, String field, Path source) throws DeepfakeException {
        JsonNode v = node.path(field);
        if (!v.isNumber()) {
            throw bad(source, "lacks the number '" + field + "'", null);
        }
        return v.asDouble();
    }

    private static int integer(JsonNode node, String field, Path source) throws DeepfakeException {
        JsonNode v = node.path(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw bad(source, "lacks the whole number '" + field + "'", null);
        }
        return v.asInt();
    }

    private static double[] numbers(JsonNode node, String field, Path source) throws DeepfakeException {
        JsonNode v = node.path(field);
        if (!v.isArray()) {
            throw bad(source, "lacks the array of numbers '" + field + "'", null);
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isNumber()) {
                throw bad(source, "field '" + field + "' holds a non-number: " + v.get(i), null);
            }
            out[i] = v.get(i).asDouble();
        }
        return out;
    }
}
