package dev.deepfake4j.models.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reads labels in the DFDC {@code metadata.json} schema: {@code {"x.mp4": {"label": "FAKE"|"REAL", ...}, ...}}.
 * Keys are paths relative to the folder the file describes. Other fields ({@code split}, {@code original}) are
 * ignored.
 *
 * <p>Untrusted input is safe to pass: anything that is not such an object ends in a {@link DeepfakeException}
 * (Jackson's nesting and length limits apply), never in another exception. Stateless and thread-safe.
 */
public final class DfdcLabels {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DfdcLabels() {
    }

    /**
     * @param file the metadata file
     * @return video key → {@code true} for FAKE, in file order; unmodifiable
     * @throws DeepfakeException {@code FILE_NOT_FOUND}, {@code NOT_READABLE}, or {@code UNSUPPORTED_INPUT} naming
     *         the file and the offending entry
     */
    public static Map<String, Boolean> read(Path file) throws DeepfakeException {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DeepfakeException(ErrorCode.FILE_NOT_FOUND, "Labels file not found: " + file, file, e);
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.NOT_READABLE, "Cannot read labels file " + file + ": " + e, file, e);
        }
        return parse(bytes, file);
    }

    /**
     * @param json the content of a metadata file (UTF-8 JSON)
     * @param source where it came from, named in messages
     * @return video key → {@code true} for FAKE, in file order; unmodifiable
     * @throws DeepfakeException {@code UNSUPPORTED_INPUT} naming {@code source} and the offending entry
     */
    public static Map<String, Boolean> parse(byte[] json, Path source) throws DeepfakeException {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "Labels file " + source + " is not valid JSON: "
                    + e.getOriginalMessage(), source, e);
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "Labels file " + source + " cannot be parsed: "
                    + e, source, e);
        }
        if (root == null || !root.isObject()) {
            throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "Labels file " + source
                    + " must hold a JSON object {\"video.mp4\": {\"label\": \"FAKE\"|\"REAL\"}, ...}", source, null);
        }
        Map<String, Boolean> labels = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isObject()) {
                throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "Labels file " + source + ": entry '"
                        + e.getKey() + "' is " + e.getValue() + ", not an object such as {\"label\": \"FAKE\"};"
                        + " is it a DFDC metadata.json?", source, null);
            }
            JsonNode label = e.getValue().path("label");
            String text = label.isTextual() ? label.asText() : "";
            switch (text) {
                case "FAKE" -> labels.put(e.getKey(), true);
                case "REAL" -> labels.put(e.getKey(), false);
                default -> throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "Labels file " + source
                        + ": entry '" + e.getKey() + "' has label " + label + "; expected \"FAKE\" or \"REAL\"",
                        source, null);
            }
        }
        if (labels.isEmpty()) {
            throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "Labels file " + source + " lists no videos",
                    source, null);
        }
        return Collections.unmodifiableMap(labels);
    }
}
