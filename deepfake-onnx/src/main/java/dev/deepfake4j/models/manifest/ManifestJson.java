package dev.deepfake4j.models.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.CropPolicy;
import dev.deepfake4j.image.PixelFormat;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Manifest JSON reading (writing is {@link ManifestJsonWriter}). Reads through Jackson's tree model rather than data binding so that every
 * error can name the source and the exact field ({@code input.layout}) with what was found there.
 */
final class ManifestJson {
    private static final Logger LOG = LoggerFactory.getLogger(ManifestJson.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> TOP_FIELDS = Set.of("format", "name", "task", "input", "output", "license",
            "source", "calibration");
    private static final Set<String> INPUT_FIELDS = Set.of("name", "layout", "width", "height", "channels", "scale",
            "mean", "std", "resize", "interpolation", "crop");
    private static final Set<String> CROP_FIELDS = Set.of("margin", "square", "pad");
    private static final Set<String> OUTPUT_FIELDS = Set.of("name", "kind", "index", "positive", "aggregate",
            "attention");

    private final String sourceName;
    private final Path file;

    private ManifestJson(String sourceName, Path file) {
        this.sourceName = sourceName;
        this.file = file;
    }

    static ModelManifest parse(String json, String sourceName, Path file) throws DeepfakeException {
        return new ManifestJson(sourceName, file).parse(json);
    }

    private ModelManifest parse(String json) throws DeepfakeException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid("is not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw invalid("must be a JSON object", null);
        }
        checkFormat(root);
        checkFields(root, TOP_FIELDS, "");
        ModelManifestBuilder b;
        try {
            b = ModelManifest.builder(text(root, "name", ""));
        } catch (IllegalArgumentException e) {
            throw field("name", "must not be blank", e);
        }
        String taskText = text(root, "task", "");
        ModelTask task = ModelTask.fromJson(taskText);
        if (task == null) {
            throw field("task", "must be \"classifier\" or \"face-detector\", got \"" + taskText + "\"", null);
        }
        b.task(task);

        JsonNode input = object(root, "input");
        checkFields(input, INPUT_FIELDS, "input.");
        String inputName = text(input, "name", "input.");
        int width = positiveInt(input, "width", "input.");
        int height = positiveInt(input, "height", "input.");
        b.input(inputName, width, height);
        b.layout(choice(input, "layout", "input.", InputSpec.Layout.class, true, "NCHW", "NHWC"));
        String channels = text(input, "channels", "input.").toUpperCase(Locale.ROOT);
        switch (channels) {
            case "RGB" -> b.channels(PixelFormat.RGB24);
            case "BGR" -> b.channels(PixelFormat.BGR24);
            default -> throw field("input.channels", "must be \"RGB\" or \"BGR\", got \""
                    + input.get("channels").asText() + "\"", null);
        }
        float scale = scale(input);
        float[] mean = triple(input, "mean", false);
        float[] std = triple(input, "std", true);
        b.scale(scale).normalization(mean, std);
        if (input.has("resize")) {
            b.resize(choice(input, "resize", "input.", InputSpec.Resize.class, false, "stretch", "letterbox",
                    "pad-if-smaller"));
        }
        if (input.has("interpolation")) {
            b.interpolation(choice(input, "interpolation", "input.", InputSpec.Interpolation.class, false,
                    "nearest", "linear", "area", "cubic", "area-or-cubic"));
        }

        if (input.has("crop")) {
            JsonNode crop = object(input, "crop");
            checkFields(crop, CROP_FIELDS, "input.crop.");
            JsonNode margin = crop.get("margin");
            if (margin == null || !margin.isNumber() || !(margin.asDouble() >= 1.0 && margin.asDouble() <= 4.0)) {
                throw field("input.crop.margin", "must be a number in [1, 4], got " + margin, null);
            }
            JsonNode square = crop.get("square");
            if (square == null || !square.isBoolean()) {
                throw field("input.crop.square", "must be true or false, got " + square, null);
            }
            double[] pad = new double[4];
            if (crop.has("pad")) {
                JsonNode p = crop.get("pad");
                if (!p.isArray() || p.size() != 4) {
                    throw field("input.crop.pad", "must be [left, top, right, bottom] in box heights, got " + p, null);
                }
                for (int i = 0; i < 4; i++) {
                    if (!p.get(i).isNumber() || !(p.get(i).asDouble() >= 0 && p.get(i).asDouble() <= 2)) {
                        throw field("input.crop.pad", "must hold numbers in [0, 2], got " + p, null);
                    }
                    pad[i] = p.get(i).asDouble();
                }
            }
            b.cropPolicy(new CropPolicy(margin.asDouble(), square.asBoolean(), pad[0], pad[1], pad[2], pad[3]));
        }

        if (root.has("output") && !root.get("output").isNull()) {
            JsonNode output = object(root, "output");
            checkFields(output, OUTPUT_FIELDS, "output.");
            String outputName = text(output, "name", "output.");
            String kindText = text(output, "kind", "output.");
            OutputKind kind = OutputKind.fromJson(kindText);
            if (kind == null) {
                throw field("output.kind", "must be \"probability\", \"logit\" or \"softmax\", got \"" + kindText
                        + "\"", null);
            }
            int index = 0;
            if (output.has("index")) {
                JsonNode n = output.get("index");
                if (!n.isIntegralNumber() || n.asLong() < 0 || n.asLong() > Integer.MAX_VALUE) {
                    throw field("output.index", "must be an integer, 0 or more, got " + n, null);
                }
                index = n.asInt();
            }
            String positiveText = text(output, "positive", "output.");
            PositiveClass positive = PositiveClass.fromJson(positiveText);
            if (positive == null) {
                throw field("output.positive", "must be \"fake\" or \"real\", got \"" + positiveText + "\"", null);
            }
            b.output(outputName, kind, index, positive);
            if (output.has("attention")) {
                b.attentionOutput(text(output, "attention", "output."));
            }
            if (output.has("aggregate")) {
                String rule = text(output, "aggregate", "output.");
                try {
                    b.faceAggregation(dev.deepfake4j.aggregate.Aggregation.parse(rule));
                } catch (IllegalArgumentException e) {
                    throw field("output.aggregate", e.getMessage(), null);
                }
            }
        } else if (task == ModelTask.CLASSIFIER) {
            throw field("output", "is required for a classifier (name, kind, index, positive)", null);
        }
        b.license(optionalText(root, "license"));
        b.source(optionalText(root, "source"));
        if (root.has("calibration") && !root.get("calibration").isNull()) {
            b.calibration(ManifestCalibration.read(root.get("calibration"), sourceName, file));
        }
        return b.build();
    }

    /**
     * A manifest of a newer format loads only when every field in it is one this library knows; otherwise it needs
     * a newer library, which is said rather than "unknown field", since the field is not a typo.
     */
    private void checkFormat(JsonNode root) throws DeepfakeException {
        JsonNode n = root.get("format");
        if (n == null) {
            return;
        }
        if (!n.isIntegralNumber() || n.asLong() < 1 || n.asLong() > Integer.MAX_VALUE) {
            throw field("format", "must be an integer format version, 1 or more, got " + n, null);
        }
        long format = n.asLong();
        if (format <= ModelManifest.FORMAT_VERSION) {
            return;
        }
        String unknown = firstUnknownField(root);
        if (unknown != null) {
            throw invalid("is format " + format + ", but this library reads format " + ModelManifest.FORMAT_VERSION
                    + " and does not know its field '" + unknown + "'; use a deepfake4j version that reads format "
                    + format + ", or rewrite the manifest in format " + ModelManifest.FORMAT_VERSION, null);
        }
        LOG.warn("Model manifest {} is format {}, newer than the format {} this library reads; all its fields are"
                + " known, so it is read as format {}", sourceName, format, ModelManifest.FORMAT_VERSION,
                ModelManifest.FORMAT_VERSION);
    }

    /** @return the dotted path of the first field no format-1 manifest has, or null when all are known */
    private static String firstUnknownField(JsonNode root) {
        String unknown = firstUnknown(root, TOP_FIELDS, "");
        JsonNode input = root.get("input");
        if (unknown == null && input != null && input.isObject()) {
            unknown = firstUnknown(input, INPUT_FIELDS, "input.");
            JsonNode crop = input.get("crop");
            if (unknown == null && crop != null && crop.isObject()) {
                unknown = firstUnknown(crop, CROP_FIELDS, "input.crop.");
            }
        }
        JsonNode output = root.get("output");
        if (unknown == null && output != null && output.isObject()) {
            unknown = firstUnknown(output, OUTPUT_FIELDS, "output.");
        }
        return unknown;
    }

    private static String firstUnknown(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                return prefix + f;
            }
        }
        return null;
    }

    private void checkFields(JsonNode node, Set<String> known, String prefix) throws DeepfakeException {
        String unknown = firstUnknown(node, known, prefix);
        if (unknown != null) {
            throw field(unknown, "is not a manifest field; known fields here: " + known.stream().sorted()
                    .map(k -> prefix + k).toList(), null);
        }
    }

    private JsonNode object(JsonNode parent, String name) throws DeepfakeException {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            throw field(name, "is required", null);
        }
        if (!n.isObject()) {
            throw field(name, "must be an object, got " + n, null);
        }
        return n;
    }

    private String text(JsonNode parent, String name, String prefix) throws DeepfakeException {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            throw field(prefix + name, "is required", null);
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            throw field(prefix + name, "must be a non-empty string, got " + n, null);
        }
        return n.asText();
    }

    private String optionalText(JsonNode parent, String name) throws DeepfakeException {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw field(name, "must be a string, got " + n, null);
        }
        return n.asText();
    }

    private int positiveInt(JsonNode parent, String name, String prefix) throws DeepfakeException {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            throw field(prefix + name, "is required", null);
        }
        if (!n.isIntegralNumber() || n.asLong() < 1 || n.asLong() > 4096) {
            throw field(prefix + name, "must be an integer number of pixels in 1..4096, got " + n, null);
        }
        return n.asInt();
    }

    private <E extends Enum<E>> E choice(JsonNode parent, String name, String prefix, Class<E> type,
            boolean upper, String... allowed) throws DeepfakeException {
        String t = text(parent, name, prefix);
        for (String a : allowed) {
            if (a.equalsIgnoreCase(t)) {
                return Enum.valueOf(type, a.toUpperCase(Locale.ROOT).replace('-', '_'));
            }
        }
        StringBuilder list = new StringBuilder();
        for (String a : allowed) {
            list.append(list.length() == 0 ? "" : ", ").append('"').append(upper ? a : a.toLowerCase(Locale.ROOT))
                    .append('"');
        }
        throw field(prefix + name, "must be one of " + list + ", got \"" + t + "\"", null);
    }

    private float scale(JsonNode input) throws DeepfakeException {
        JsonNode n = input.get("scale");
        if (n == null || n.isNull()) {
            throw field("input.scale", "is required (e.g. 0.00392156862745098 or \"1/255\")", null);
        }
        double v;
        if (n.isNumber()) {
            v = n.asDouble();
        } else if (n.isTextual() && n.asText().matches("\\s*([0-9]+\\.?[0-9]*|\\.[0-9]+)\\s*/\\s*([0-9]+\\.?[0-9]*|\\.[0-9]+)\\s*")) {
            // digits with at most one point on each side, so that parseDouble cannot fail
            String[] parts = n.asText().split("/");
            v = Double.parseDouble(parts[0].trim()) / Double.parseDouble(parts[1].trim());
        } else {
            throw field("input.scale", "must be a number or a fraction like \"1/255\", got " + n, null);
        }
        float f = (float) v;
        if (!Float.isFinite(f) || f == 0) {
            throw field("input.scale", "must be finite and non-zero (32-bit float range), got " + n, null);
        }
        return f;
    }

    private float[] triple(JsonNode input, String name, boolean positive) throws DeepfakeException {
        JsonNode n = input.get(name);
        String path = "input." + name;
        if (n == null || n.isNull()) {
            throw field(path, "is required: 3 numbers in channel order (or 1 for all channels)", null);
        }
        if (n.isNumber()) {
            n = MAPPER.createArrayNode().add(n).add(n).add(n);
        }
        if (!n.isArray() || (n.size() != 3 && n.size() != 1)) {
            throw field(path, "must be 3 numbers in channel order (or 1 for all channels), got " + n, null);
        }
        float[] out = new float[3];
        for (int c = 0; c < 3; c++) {
            JsonNode v = n.get(n.size() == 1 ? 0 : c);
            // Checked as the float it becomes: 1e40 is a finite double but an infinite float, 1e-50 a float 0.
            float f = v.isNumber() ? (float) v.asDouble() : Float.NaN;
            if (!Float.isFinite(f) || (positive && f <= 0)) {
                throw field(path, "must hold " + (positive ? "positive " : "") + "finite numbers (32-bit float "
                        + "range), got " + n, null);
            }
            out[c] = f;
        }
        return out;
    }

    private DeepfakeException field(String path, String problem, Throwable cause) {
        return invalid("field '" + path + "' " + problem, cause);
    }

    private DeepfakeException invalid(String problem, Throwable cause) {
        return new DeepfakeException(ErrorCode.MODEL_INVALID, "Model manifest " + sourceName + ": " + problem,
                file, cause);
    }
}
