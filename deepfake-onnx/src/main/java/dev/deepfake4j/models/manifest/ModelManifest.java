package dev.deepfake4j.models.manifest;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.CropPolicy;
import dev.deepfake4j.image.PixelFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The contract that travels with every ONNX model (schema in {@code DESIGN.md}): what the model is for, what its
 * input tensor looks like and how to read its output. Immutable and thread-safe.
 *
 * <pre>{@code
 * {"name": "mesonet4-df", "task": "classifier",
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
 *   <li>{@code input.resize}: {@code "stretch"} (default) or {@code "letterbox"} — how a face crop is brought to
 *       the input size;</li>
 *   <li>{@code input.interpolation}: {@code "nearest"}, {@code "linear"} (default), {@code "area"},
 *       {@code "cubic"}, {@code "area-or-cubic"};</li>
 *   <li>{@code input.crop}: {@code {"margin": 1.667, "square": false}} — the face region the model was trained on
 *       (region side = margin × box side; square regions use the box's longer side); absent means the detector's
 *       crop policy (by default a square at 1.3×);</li>
 *   <li>{@code input.scale} may also be written as a fraction string, e.g. {@code "1/255"};
 *       {@code input.mean}/{@code input.std} may hold one value for all three channels;</li>
 *   <li>{@code output.index}: 0 — the position along the output's last axis;</li>
 *   <li>{@code output} may be left out for a face detector (detectors decode several outputs themselves);</li>
 *   <li>{@code license}, {@code source}: free text, absent by default.</li>
 * </ul>
 * The tensor element type (float32 or float16) is not declared: it is read from the model. Unknown fields are
 * rejected, so that a misspelt optional field cannot silently fall back to its default.
 */
public final class ModelManifest {
    private final String name;
    private final ModelTask task;
    private final String inputName;
    private final InputSpec.Layout layout;
    private final int width;
    private final int height;
    private final PixelFormat channels;
    private final float scale;
    private final float[] mean;
    private final float[] std;
    private final InputSpec.Resize resize;
    private final CropPolicy cropPolicy;
    private final InputSpec.Interpolation interpolation;
    private final String outputName;
    private final OutputKind outputKind;
    private final int outputIndex;
    private final PositiveClass positive;
    private final String license;
    private final String source;

    private ModelManifest(Builder b) {
        this.name = b.name;
        this.task = b.task;
        this.inputName = b.inputName;
        this.layout = b.layout;
        this.width = b.width;
        this.height = b.height;
        this.channels = b.channels;
        this.scale = b.scale;
        this.mean = b.mean.clone();
        this.std = b.std.clone();
        this.resize = b.resize;
        this.cropPolicy = b.cropPolicy;
        this.interpolation = b.interpolation;
        this.outputName = b.outputName;
        this.outputKind = b.outputKind;
        this.outputIndex = b.outputIndex;
        this.positive = b.positive;
        this.license = b.license;
        this.source = b.source;
    }

    /**
     * A builder for a classifier manifest, preset to NCHW, RGB, scale 1/255, mean 0, std 1, stretch resize, linear
     * interpolation, output index 0. Input name and size, output name, kind and positive class must be set.
     *
     * @param name the model's name, e.g. {@code mesonet4-df}
     * @return the builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
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
        return ManifestJson.write(this);
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

    /** @return the input spec crops must follow for this model */
    public InputSpec toInputSpec() {
        return InputSpec.builder(width, height)
                .layout(layout)
                .channels(channels)
                .resize(resize)
                .interpolation(interpolation)
                .scale(scale)
                .normalization(mean, std)
                .cropPolicy(cropPolicy)
                .build();
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

    /** @return the input tensor's memory order */
    public InputSpec.Layout layout() {
        return layout;
    }

    /** @return input width in pixels */
    public int width() {
        return width;
    }

    /** @return input height in pixels */
    public int height() {
        return height;
    }

    /** @return channel order of the input */
    public PixelFormat channels() {
        return channels;
    }

    /** @return factor applied to 8-bit values before the mean is subtracted */
    public float scale() {
        return scale;
    }

    /** @return a copy of the per-channel means (after scaling), in channel order */
    public float[] mean() {
        return mean.clone();
    }

    /** @return a copy of the per-channel standard deviations (after scaling), in channel order */
    public float[] std() {
        return std.clone();
    }

    /** @return how crops are brought to the input size */
    public InputSpec.Resize resize() {
        return resize;
    }

    /** @return the face region the model expects, when the manifest names one ({@code input.crop}) */
    public Optional<CropPolicy> cropPolicy() {
        return Optional.ofNullable(cropPolicy);
    }

    /** @return resize interpolation */
    public InputSpec.Interpolation interpolation() {
        return interpolation;
    }

    /** @return whether the manifest describes the output (always true for a classifier) */
    public boolean hasOutput() {
        return outputName != null;
    }

    /**
     * @return the name of the output tensor a classifier reads
     * @throws IllegalStateException when the manifest has no output section ({@link #hasOutput()})
     */
    public String outputName() {
        checkState(outputName != null, "manifest %s has no output section", name);
        return outputName;
    }

    /**
     * @return what the output holds
     * @throws IllegalStateException when the manifest has no output section
     */
    public OutputKind outputKind() {
        checkState(outputName != null, "manifest %s has no output section", name);
        return outputKind;
    }

    /** @return position along the output's last axis of the value read (0 when there is no output section) */
    public int outputIndex() {
        return outputIndex;
    }

    /**
     * @return which class the output's probability is about
     * @throws IllegalStateException when the manifest has no output section
     */
    public PositiveClass positive() {
        checkState(outputName != null, "manifest %s has no output section", name);
        return positive;
    }

    /** @return the model's licence (e.g. an SPDX id), when given */
    public Optional<String> license() {
        return Optional.ofNullable(license);
    }

    /** @return where the model comes from (URL or free text), when given */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /** @return a builder holding this manifest's values, to derive a changed copy */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.task = task;
        b.inputName = inputName;
        b.layout = layout;
        b.width = width;
        b.height = height;
        b.channels = channels;
        b.scale = scale;
        b.mean = mean.clone();
        b.std = std.clone();
        b.resize = resize;
        b.cropPolicy = cropPolicy;
        b.interpolation = interpolation;
        b.outputName = outputName;
        b.outputKind = outputKind;
        b.outputIndex = outputIndex;
        b.positive = positive;
        b.license = license;
        b.source = source;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelManifest m && m.name.equals(name) && m.task == task && m.inputName.equals(inputName)
                && m.layout == layout && m.width == width && m.height == height && m.channels == channels
                && m.scale == scale && Arrays.equals(m.mean, mean) && Arrays.equals(m.std, std) && m.resize == resize
                && Objects.equals(m.cropPolicy, cropPolicy) && m.interpolation == interpolation && Objects.equals(m.outputName, outputName)
                && m.outputKind == outputKind && m.outputIndex == outputIndex && m.positive == positive
                && Objects.equals(m.license, license) && Objects.equals(m.source, source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, task, inputName, layout, width, height, channels, scale, Arrays.hashCode(mean),
                Arrays.hashCode(std), resize, cropPolicy, interpolation, outputName, outputKind, outputIndex, positive, license,
                source);
    }

    @Override
    public String toString() {
        return "ModelManifest[" + name + " " + task.jsonName() + " in=" + inputName + " " + width + "x" + height + " "
                + layout + " " + channels + (outputName == null ? "" : " out=" + outputName + " " + outputKind
                + "[" + outputIndex + "] positive=" + positive) + "]";
    }

    /**
     * Builds a {@link ModelManifest}. Setters check their argument at once ({@link IllegalArgumentException} naming
     * the value); {@link #build()} checks that required fields are set. Not thread-safe; reusable.
     */
    public static final class Builder {
        private final String name;
        private ModelTask task = ModelTask.CLASSIFIER;
        private String inputName;
        private InputSpec.Layout layout = InputSpec.Layout.NCHW;
        private int width;
        private int height;
        private PixelFormat channels = PixelFormat.RGB24;
        private float scale = 1f / 255f;
        private float[] mean = {0f, 0f, 0f};
        private float[] std = {1f, 1f, 1f};
        private InputSpec.Resize resize = InputSpec.Resize.STRETCH;
        private CropPolicy cropPolicy;
        private InputSpec.Interpolation interpolation = InputSpec.Interpolation.LINEAR;
        private String outputName;
        private OutputKind outputKind;
        private int outputIndex;
        private PositiveClass positive;
        private String license;
        private String source;

        private Builder(String name) {
            checkArgument(name != null && !name.isBlank(), "model name must not be blank: '%s'", name);
            this.name = name;
        }

        /** @param task what the model does (default classifier) @return this */
        public Builder task(ModelTask task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        /**
         * @param inputName name of the input tensor in the model
         * @param width input width in pixels, 1..4096
         * @param height input height in pixels, 1..4096
         * @return this
         */
        public Builder input(String inputName, int width, int height) {
            checkArgument(inputName != null && !inputName.isBlank(), "input name must not be blank: '%s'", inputName);
            checkArgument(width > 0 && height > 0 && width <= 4096 && height <= 4096,
                    "input size must be in 1..4096 pixels: %sx%s", width, height);
            this.inputName = inputName;
            this.width = width;
            this.height = height;
            return this;
        }

        /** @param layout tensor memory order (default NCHW) @return this */
        public Builder layout(InputSpec.Layout layout) {
            this.layout = Objects.requireNonNull(layout, "layout");
            return this;
        }

        /** @param channels channel order (default RGB) @return this */
        public Builder channels(PixelFormat channels) {
            this.channels = Objects.requireNonNull(channels, "channels");
            return this;
        }

        /** @param scale factor applied to 8-bit values (default 1/255); finite, non-zero @return this */
        public Builder scale(float scale) {
            checkArgument(Float.isFinite(scale) && scale != 0, "scale must be finite and non-zero: %s", scale);
            this.scale = scale;
            return this;
        }

        /**
         * @param mean per-channel means after scaling (default 0), 3 values in channel order
         * @param std per-channel standard deviations after scaling (default 1), 3 positive values
         * @return this
         */
        public Builder normalization(float[] mean, float[] std) {
            checkArgument(mean.length == 3 && std.length == 3, "mean and std need 3 values each: %s and %s",
                    Arrays.toString(mean), Arrays.toString(std));
            for (int c = 0; c < 3; c++) {
                checkArgument(Float.isFinite(mean[c]), "mean must be finite: %s", Arrays.toString(mean));
                checkArgument(std[c] > 0 && Float.isFinite(std[c]), "std must be positive: %s", Arrays.toString(std));
            }
            this.mean = mean.clone();
            this.std = std.clone();
            return this;
        }

        /** @param resize how crops reach the input size (default stretch) @return this */
        public Builder resize(InputSpec.Resize resize) {
            this.resize = Objects.requireNonNull(resize, "resize");
            return this;
        }

        /**
         * @param policy the face region the model expects, or {@code null} for the detector's (the default)
         * @return this
         */
        public Builder cropPolicy(CropPolicy policy) {
            this.cropPolicy = policy;
            return this;
        }

        /** @param interpolation resize interpolation (default linear) @return this */
        public Builder interpolation(InputSpec.Interpolation interpolation) {
            this.interpolation = Objects.requireNonNull(interpolation, "interpolation");
            return this;
        }

        /**
         * @param outputName name of the output tensor a classifier reads
         * @param kind what that output holds
         * @param index position along the output's last axis, 0 or more
         * @param positive which class the probability is about
         * @return this
         */
        public Builder output(String outputName, OutputKind kind, int index, PositiveClass positive) {
            checkArgument(outputName != null && !outputName.isBlank(), "output name must not be blank: '%s'",
                    outputName);
            checkArgument(index >= 0, "output index must be 0 or more: %s", index);
            this.outputName = outputName;
            this.outputKind = Objects.requireNonNull(kind, "kind");
            this.outputIndex = index;
            this.positive = Objects.requireNonNull(positive, "positive");
            return this;
        }

        /** @param license licence of the model (e.g. an SPDX id), or null @return this */
        public Builder license(String license) {
            this.license = license;
            return this;
        }

        /** @param source where the model comes from, or null @return this */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /**
         * @return the manifest; the builder stays usable
         * @throws IllegalStateException when the input is not set, or a classifier has no output
         */
        public ModelManifest build() {
            checkState(inputName != null, "manifest %s: input name and size are required", name);
            checkState(task != ModelTask.CLASSIFIER || outputName != null,
                    "manifest %s: a classifier needs an output (name, kind, index, positive)", name);
            return new ModelManifest(this);
        }
    }
}
