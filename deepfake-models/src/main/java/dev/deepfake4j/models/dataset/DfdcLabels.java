package dev.deepfake4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads labels in the DFDC {@code metadata.json} schema: {@code {"x.mp4": {"label": "FAKE"|"REAL", ...}, ...}}.
 * Keys are paths relative to the folder being evaluated. Other fields are ignored.
 */
final class DfdcLabels {
    private DfdcLabels() {
    }

    /**
     * @param file the metadata file
     * @return video key → true for FAKE, in file order
     * @throws DeepfakeException {@code FILE_NOT_FOUND} or {@code UNSUPPORTED_INPUT} naming the file and the entry
     */
    static Map<String, Boolean> read(Path file) throws DeepfakeException {
        JsonNode root;
        try {
            root = ReportJson.MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new DeepfakeException(ErrorCode.FILE_NOT_FOUND, "Labels file not found: " + file, file, e);
        } catch (JsonProcessingException e) {
            throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "Labels file " + file + " is not valid JSON: "
                    + e.getOriginalMessage(), file, e);
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.NOT_READABLE, "Cannot read labels file " + file + ": " + e, file, e);
        }
        if (root == null || !root.isObject()) {
            throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "Labels file " + file
                    + " must hold a JSON object {\"video.mp4\": {\"label\": \"FAKE\"|\"REAL\"}, ...}", file, null);
        }
        Map<String, Boolean> labels = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode label = e.getValue().path("label");
            String text = label.isTextual() ? label.asText() : "";
            switch (text) {
                case "FAKE" -> labels.put(e.getKey(), true);
                case "REAL" -> labels.put(e.getKey(), false);
                default -> throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "Labels file " + file + ": entry '"
                        + e.getKey() + "' has label " + label + "; expected \"FAKE\" or \"REAL\"", file, null);
            }
        }
        if (labels.isEmpty()) {
            throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "Labels file " + file + " lists no videos", file, null);
        }
        return labels;
    }
}
