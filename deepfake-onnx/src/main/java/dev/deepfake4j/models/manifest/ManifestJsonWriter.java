package dev.deepfake4j.models.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.image.PixelFormat;
import java.util.Locale;

/**
 * Writes a {@link ModelManifest} as the JSON that {@link ManifestJson} reads back to an equal manifest (the current
 * {@link ModelManifest#FORMAT_VERSION}, every field spelt out, floats as doubles so they read back exactly).
 * Stateless and thread-safe.
 */
final class ManifestJsonWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestJsonWriter() {
    }

    /** @param m the manifest @return its JSON, ending with a newline */
    static String write(ModelManifest m) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", ModelManifest.FORMAT_VERSION);
        root.put("name", m.name());
        root.put("task", m.task().jsonName());
        InputSpec spec = m.inputSpec();
        ObjectNode input = root.putObject("input");
        input.put("name", m.inputName());
        input.put("layout", spec.layout().name());
        input.put("width", spec.width());
        input.put("height", spec.height());
        input.put("channels", spec.channels() == PixelFormat.BGR24 ? "BGR" : "RGB");
        // double keeps the float's exact value readable back (1/255 prints as 0.003921568859368563)
        input.put("scale", (double) spec.scale());
        ArrayNode mean = input.putArray("mean");
        ArrayNode std = input.putArray("std");
        for (int c = 0; c < 3; c++) {
            mean.add((double) spec.mean()[c]);
            std.add((double) spec.std()[c]);
        }
        input.put("resize", spec.resize().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        input.put("interpolation", spec.interpolation().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        spec.cropPolicy().ifPresent(c -> {
            ObjectNode crop = input.putObject("crop");
            crop.put("margin", c.margin());
            crop.put("square", c.square());
            if (c.padded()) {
                crop.putArray("pad").add(c.padLeft()).add(c.padTop()).add(c.padRight()).add(c.padBottom());
            }
        });
        if (m.hasOutput()) {
            OutputSpec out = m.output();
            ObjectNode output = root.putObject("output");
            output.put("name", out.name());
            output.put("kind", out.kind().jsonName());
            output.put("index", out.index());
            output.put("positive", out.positive().jsonName());
            m.faceAggregation().ifPresent(a -> output.put("aggregate", a.toString()));
            m.attentionOutput().ifPresent(a -> output.put("attention", a));
        }
        m.provenance().license().ifPresent(l -> root.put("license", l));
        m.provenance().source().ifPresent(s -> root.put("source", s));
        m.calibration().ifPresent(c -> root.set("calibration", ManifestCalibration.write(c)));
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise manifest " + m.name(), e);
        }
    }
}
