package dev.deepfake4j.models.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.calibrate.FittedCalibration;
import dev.deepfake4j.models.calibrate.CalibrationFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The manifest's optional {@code "calibration"} field: a {@code calibration.json} object embedded as it is, or the
 * name of such a file, relative to the manifest's folder. Stateless.
 */
final class ManifestCalibration {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ManifestCalibration() {
    }

    /**
     * @param node the field's value
     * @param sourceName the manifest, for messages
     * @param file the manifest's file, or {@code null} when it was not read from one
     * @return the calibration
     * @throws DeepfakeException {@code MODEL_INVALID} naming the manifest, the field and what is wrong
     */
    static FittedCalibration read(JsonNode node, String sourceName, Path file) throws DeepfakeException {
        try {
            if (node.isObject()) {
                return CalibrationFile.parse(node.toString().getBytes(StandardCharsets.UTF_8), source(sourceName));
            }
            if (node.isTextual() && !node.asText().isBlank()) {
                if (file == null) {
                    throw invalid(sourceName, null, "names the file '" + node.asText() + "', but the manifest was"
                            + " not read from a file to resolve it against; embed the calibration object instead",
                            null);
                }
                Path dir = file.toAbsolutePath().getParent();
                return CalibrationFile.read(dir.resolve(node.asText()));
            }
        } catch (DeepfakeException e) {
            if (e.code() == ErrorCode.MODEL_INVALID) {
                throw e;
            }
            throw invalid(sourceName, file, e.getMessage(), e);
        } catch (InvalidPathException e) {
            throw invalid(sourceName, file, "is not a file name: " + node, e);
        }
        throw invalid(sourceName, file, "must be a calibration.json object or the name of such a file beside the"
                + " manifest, got " + node, null);
    }

    /** @return the calibration as the JSON object {@code calibration.json} holds */
    static JsonNode write(FittedCalibration calibration) {
        try {
            return MAPPER.readTree(CalibrationFile.toJson(calibration));
        } catch (IOException e) {
            throw new IllegalStateException("cannot embed calibration " + calibration.method(), e);
        }
    }

    private static Path source(String sourceName) {
        try {
            return Path.of(sourceName);
        } catch (InvalidPathException e) {
            return Path.of("manifest");
        }
    }

    private static DeepfakeException invalid(String sourceName, Path file, String problem, Throwable cause) {
        return new DeepfakeException(ErrorCode.MODEL_INVALID, "Model manifest " + sourceName + ": field"
                + " 'calibration' " + problem, file, cause);
    }
}
