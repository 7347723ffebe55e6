package dev.deepfake4j.models.manifest;

import static dev.deepfake4j.internal.Checks.checkState;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.calibrate.FittedCalibration;
import dev.deepfake4j.aggregate.Aggregation;
import dev.deepfake4j.classify.InputSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The contract that travels with every ONNX model (schema in {@code DESIGN.md}): what the model is for, what its
 * input tensor looks like ({@link #inputSpec()}, the core {@link InputSpec}), how to read its output
 * ({@link #output()}) and where it comes from ({@link #provenance()}). Immutable and thread-safe.
 *
 * <pre>{@code
 * {"format": 1, "name": "mesonet4-df", "task": "classifier",
 *  "input":  {"name": "input", "layout": "NCHW", "width": 256, "height": 256, "channels": "RGB",
 *             "scale": 0.00392156862745098, "mean": [0, 0, 0], "std": [1, 1, 1],
 *             "resize": "stretch", "interpolation": "nearest"},
 *  "output": {"name": "prob_real", "kind": "probability", "index": 0, "positive": "real"},
 *  "license": "Apache-2.0", "source": "https://github.com/DariusAf/MesoNet"}
 * }</pre>
 *
 * <p>Required: {@code name}, {@code task}, {@code input.name}, {@code input.layout}, {@code input.width},
 * {@code input.height}, {@code input.channels}, {@code input.scale}, {@code input.mean}, {@code input.std}; and for a
 * classifier {@code output.name}, {@code output.kind}, {@code output.positive}. A float fed to the model is
 * {@code (v * scale - mean[c]) / std[c]} for the 8-bit value {@code v} of channel {@code c}, channels in
 * {@code input.channels} order. Optional, with their defaults:
 * <ul>
 *   <li>{@code input.resize}: {@code "stretch"} (default), {@code "letterbox"} or {@code "pad-if-smaller"} — how
 *       a face crop is brought to the input size;</li>
 *   <li>{@code input.interpolation}: {@code "nearest"}, {@code "linear"} (default), {@code "area"},
 *       {@code "cubic"}, {@code "area-or-cubic"};</li>
 *   <li>{@code input.crop}: {@code {"margin": 1.667, "square": false}} — the face region the model was trained on
 *       (region side = margin × box side; square regions use the box's longer side), optionally
 *       {@code "pad": [left, top, right, bottom]} added per side in box heights (ICPR 2020:
 *       {@code [0.2, 0.4, 0.2, 0.2]}); absent means the detector's crop policy (by default a square at 1.3×);</li>
 *   <li>{@code input.scale} may also be written as a fraction string, e.g. {@code "1/255"};
 *       {@code input.mean}/{@code input.std} may hold one value for all three channels;</li>
 *   <li>{@code output.index}: 0 — the position along the output's last axis;</li>
 *   <li>{@code output.aggregate}: absent — how the model's authors combine the face scores of a track, spelt as
 *       {@code --aggregate} is ({@code "logit-mean"} for ICPR 2020: the sigmoid of the mean logit); a detector
 *       built without an explicit aggregation uses it ({@link #faceAggregation()});</li>
 *   <li>{@code output.attention}: absent — the name of an output tensor {@code [batch, 1, h, w]} holding the
 *       model's own map of where it looked ({@link #attentionOutput()});</li>
 *   <li>{@code output} may be left out for a face detector (detectors decode several outputs themselves);</li>
 *   <li>{@code license}, {@code source}: free text, absent by default;</li>
 *   <li>{@code calibration}: a calibration of the detector's video scores fitted for this model, either the
 *       {@code calibration.json} object itself ({@code CalibrationFile} format, as {@code deepfake4j calibrate}
 *       writes it) or the name of such a file relative to the manifest's folder; absent means none. A detector
 *       whose only classifier is this model applies it unless one is set on its builder, and refuses it when it
 *       was fitted for other models;</li>
 *   <li>{@code format}: the manifest format version, an integer; absent means 1. This library reads format
 *       {@value #FORMAT_VERSION} and writes it into every manifest it saves.</li>
 * </ul>
 * The tensor element type (float32 or float16) is not declared: it is read from the model. Unknown fields are
 * rejected, so that a misspelt optional field cannot silently fall back to its default. A manifest of a newer format
 * than {@value #FORMAT_VERSION} loads when every field in it is known here (with a logged warning); one with a field
 * this library does not know is a {@link ErrorCode#MODEL_INVALID} error naming the file, the format found and the
 * format read here — a newer library is needed for it.
 */
public final class ModelManifest {
    /** The manifest format this library reads and writes ({@code "format"} in the JSON; absent means 1). */
    public static final int FORMAT_VERSION = 1;

    private final String name;
    private final ModelTask task;
    private final String inputName;
    private final InputSpec input;
    /** Null for a face detector that leaves the output out. */
    private final OutputSpec output;
    private final Provenance provenance;
    /** Null when the manifest carries none. */
    private final FittedCalibration calibration;
    /** The CLI spelling of the face aggregation the model's authors use, or null. */
    private final String aggregate;
    /** The output tensor with the model's own attention map, or null. */
    private final String attention;

    /** Called by {@link ModelManifestBuilder#build()} once it has checked the required fields. */
    ModelManifest(ModelManifestBuilder b) {
        this.name = b.name;
        this.task = b.task;
        this.inputName = b.inputName;
        this.input = b.input.build();
        this.output = b.output;
        this.provenance = Provenance.of(b.license, b.source);
        this.calibration = b.calibration;
        this.aggregate = b.aggregate;
        this.attention = b.attention;
    }

    /**
     * A builder for a classifier manifest, preset to {@link InputSpec#builder(int, int)}'s defaults (NCHW, RGB,
     * scale 1/255, mean 0, std 1, stretch resize, linear interpolation). Input name and size, output name, kind and
     * positive class must be set.
     *
     * @param name the model's name, e.g. {@code mesonet4-df}
     * @return the builder
     */
    public static ModelManifestBuilder builder(String name) {
        return new ModelManifestBuilder(name);
    }

    /**
     * Reads a manifest file.
     *
     * @param file a {@code .json} manifest
     * @return the manifest
     * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} when the file does not exist,
     *         {@link ErrorCode#MODEL_INVALID} when it is not a valid manifest (the message names the file and field)
     */
    public static ModelManifest read(Path file) throws DeepfakeException {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, "Model manifest " + file + " does not exist;"
                    + " write one beside the model (schema in the ModelManifest Javadoc) or build it in code",
                    file, e);
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.MODEL_INVALID, "Cannot read model manifest " + file + ": "
                    + e.getMessage(), file, e);
        }
        return ManifestJson.parse(json, file.toString(), file);
    }

    /**
     * Reads the manifest that sits beside a model: for {@code dir/model.onnx}, {@code dir/model.json}, else
     * {@code dir/model.onnx.json}.
     *
     * @param model the model file
     * @return the manifest
     * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} naming both places looked at when neither
     *         exists; {@link ErrorCode#MODEL_INVALID} when the manifest is invalid
     */
    public static ModelManifest besideModel(Path model) throws DeepfakeException {
        Path byStem = manifestPathFor(model);
        if (Files.isRegularFile(byStem)) {
            return read(byStem);
        }
        Path byFullName = model.resolveSibling(model.getFileName() + ".json");
        if (Files.isRegularFile(byFullName)) {
            return read(byFullName);
        }
        throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, "No manifest beside model " + model + ": looked for "
                + byStem + " and " + byFullName + "; write one (schema in the ModelManifest Javadoc) or pass a"
                + " manifest built in code", model, null);
    }

    /**
     * @param model a model file, e.g. {@code dir/model.onnx}
     * @return where its manifest is expected: {@code dir/model.json}
     */
    public static Path manifestPathFor(Path model) {
        String file = model.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String stem = dot > 0 ? file.substring(0, dot) : file;
        return model.resolveSibling(stem + ".json");
    }

    /**
     * Reads a manifest from a stream (closed by the caller).
     *
     * @param in UTF-8 JSON
     * @param sourceName what to call the stream in error messages, e.g. a resource name
     * @return the manifest
     * @throws DeepfakeException {@link ErrorCode#MODEL_INVALID} when the JSON is not a valid manifest
     */
    public static ModelManifest read(InputStream in, String sourceName) throws DeepfakeException {
        try {
            return ManifestJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), sourceName, null);
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.MODEL_INVALID, "Cannot read model manifest " + sourceName + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Parses manifest JSON text.
     *
     * @param json the manifest
     * @param sourceName what to call it in error messages
     * @return the manifest
     * @throws DeepfakeException {@link ErrorCode#MODEL_INVALID} when the JSON is not a valid manifest
     */
    public static ModelManifest parse(String json, String sourceName) throws DeepfakeException {
        return ManifestJson.parse(json, sourceName, null);
    }

    /** @return the manifest as pretty-printed JSON, every field written (defaults included) */
    public String toJson() {
        return ManifestJsonWriter.write(this);
    }

    /**
     * Writes the manifest as JSON, replacing the file.
     *
     * @param file where to write, usually {@link #manifestPathFor(Path)} of the model
     * @throws IOException when the file cannot be written
     */
    public void write(Path file) throws IOException {
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    /** @return the input spec crops must follow for this model: size, layout, colours, resize, normalisation */
    public InputSpec inputSpec() {
        return input;
    }

    /** @return the model's name */
    public String name() {
        return name;
    }

    /** @return what the model does */
    public ModelTask task() {
        return task;
    }

    /** @return the name of the model's input tensor */
    public String inputName() {
        return inputName;
    }

    /** @return whether the manifest describes the output (always true for a classifier) */
    public boolean hasOutput() {
        return output != null;
    }

    /**
     * @return how a classifier reads the model's output
     * @throws IllegalStateException when the manifest has no output section ({@link #hasOutput()})
     */
    public OutputSpec output() {
        checkState(output != null, "manifest %s has no output section", name);
        return output;
    }

    /** @return the model's licence and source, each when given */
    public Provenance provenance() {
        return provenance;
    }

    /**
     * @return the calibration of video scores the manifest carries ({@code "calibration"}): a detector whose only
     *         classifier is this model applies it unless one is set on the builder (see
     *         {@code Classifier.calibration()})
     */
    public Optional<FittedCalibration> calibration() {
        return Optional.ofNullable(calibration);
    }

    /**
     * @return how the model's authors combine the face scores of a track ({@code output.aggregate}, e.g. ICPR
     *         2020's {@code logit-mean}), when the manifest says; a detector uses it unless told otherwise
     */
    public Optional<Aggregation> faceAggregation() {
        return Optional.ofNullable(aggregate).map(Aggregation::parse);
    }

    /**
     * @return the output tensor holding the model's own map of where it looked ({@code output.attention}, e.g. the
     *         ICPR 2020 AutoAtt models' {@code attention}, {@code [batch, 1, h, w]} in (0, 1)), when the model has
     *         one; the classifier then offers it as its own map (see {@code OwnMapClassifier})
     */
    public Optional<String> attentionOutput() {
        return Optional.ofNullable(attention);
    }

    /** @return a builder holding this manifest's values, to derive a changed copy */
    public ModelManifestBuilder toBuilder() {
        ModelManifestBuilder b = new ModelManifestBuilder(name);
        b.task = task;
        b.inputName = inputName;
        b.input = input.toBuilder();
        b.output = output;
        b.license = provenance.license().orElse(null);
        b.source = provenance.source().orElse(null);
        b.calibration = calibration;
        b.aggregate = aggregate;
        b.attention = attention;
        return b;
    }

    /** Equality covers every field but the calibration (which has no value equality of its own). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ModelManifest m && m.name.equals(name) && m.task == task && m.inputName.equals(inputName)
                && m.input.equals(input) && Objects.equals(m.output, output) && m.provenance.equals(provenance)
                && Objects.equals(m.aggregate, aggregate) && Objects.equals(m.attention, attention);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, task, inputName, input, output, provenance, aggregate, attention);
    }

    @Override
    public String toString() {
        return "ModelManifest[" + name + " " + task.jsonName() + " in=" + inputName + " " + input.width() + "x"
                + input.height() + " " + input.layout() + " " + input.channels()
                + (output == null ? "" : " out=" + output) + "]";
    }
}
