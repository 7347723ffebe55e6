package dev.deepfake4j.models.manifest;

import static dev.deepfake4j.internal.Checks.checkArgument;
import static dev.deepfake4j.internal.Checks.checkState;

import dev.deepfake4j.aggregate.Aggregation;
import dev.deepfake4j.calibrate.FittedCalibration;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.CropPolicy;
import dev.deepfake4j.image.PixelFormat;
import java.util.Objects;

/**
 * Builds a {@link ModelManifest}. The input part is an {@link InputSpec.Builder}, so the input setters check their
 * argument as it does ({@link IllegalArgumentException} naming the value); {@link #build()} checks that required
 * fields are set. Its fields are read by {@link ModelManifest}'s constructor and set by {@link ModelManifest#toBuilder()}.
 * Not thread-safe; reusable.
 */
public final class ModelManifestBuilder {
    final String name;
    ModelTask task = ModelTask.CLASSIFIER;
    String inputName;
    // the size is a placeholder until input(name, width, height) sets it; the other fields may come first
    InputSpec.Builder input = InputSpec.builder(1, 1);
    OutputSpec output;
    String license;
    String source;
    FittedCalibration calibration;
    String aggregate;
    String attention;

    ModelManifestBuilder(String name) {
        checkArgument(name != null && !name.isBlank(), "model name must not be blank: '%s'", name);
        this.name = name;
    }

    /** @param task what the model does (default classifier) @return this */
    public ModelManifestBuilder task(ModelTask task) {
        this.task = Objects.requireNonNull(task, "task");
        return this;
    }

    /**
     * Sets the input tensor's name and size; the input fields set so far are kept.
     *
     * @param inputName name of the input tensor in the model
     * @param width input width in pixels, 1..4096
     * @param height input height in pixels, 1..4096
     * @return this
     */
    public ModelManifestBuilder input(String inputName, int width, int height) {
        InputSpec.Builder spec = input.build().toBuilder(width, height);
        this.inputName = checkInputName(inputName);
        this.input = spec;
        return this;
    }

    /**
     * @param inputName name of the input tensor in the model
     * @param spec the whole input part; later input setters change a copy of it
     * @return this
     */
    public ModelManifestBuilder input(String inputName, InputSpec spec) {
        InputSpec.Builder copy = spec.toBuilder();
        this.inputName = checkInputName(inputName);
        this.input = copy;
        return this;
    }

    private static String checkInputName(String inputName) {
        checkArgument(inputName != null && !inputName.isBlank(), "input name must not be blank: '%s'", inputName);
        return inputName;
    }

    /** @param layout tensor memory order (default NCHW) @return this */
    public ModelManifestBuilder layout(InputSpec.Layout layout) {
        input.layout(layout);
        return this;
    }

    /** @param channels channel order (default RGB) @return this */
    public ModelManifestBuilder channels(PixelFormat channels) {
        input.channels(channels);
        return this;
    }

    /** @param scale factor applied to 8-bit values (default 1/255); finite, non-zero @return this */
    public ModelManifestBuilder scale(float scale) {
        input.scale(scale);
        return this;
    }

    /**
     * @param mean per-channel means after scaling (default 0), 3 finite values in channel order
     * @param std per-channel standard deviations after scaling (default 1), 3 positive values
     * @return this
     */
    public ModelManifestBuilder normalization(float[] mean, float[] std) {
        input.normalization(mean, std);
        return this;
    }

    /** @param resize how crops reach the input size (default stretch) @return this */
    public ModelManifestBuilder resize(InputSpec.Resize resize) {
        input.resize(resize);
        return this;
    }

    /**
     * @param policy the face region the model expects, or {@code null} for the detector's (the default)
     * @return this
     */
    public ModelManifestBuilder cropPolicy(CropPolicy policy) {
        input.cropPolicy(policy);
        return this;
    }

    /** @param interpolation resize interpolation (default linear) @return this */
    public ModelManifestBuilder interpolation(InputSpec.Interpolation interpolation) {
        input.interpolation(interpolation);
        return this;
    }

    /**
     * @param outputName name of the output tensor a classifier reads
     * @param kind what that output holds
     * @param index position along the output's last axis, 0 or more
     * @param positive which class the probability is about
     * @return this
     */
    public ModelManifestBuilder output(String outputName, OutputKind kind, int index, PositiveClass positive) {
        return output(new OutputSpec(outputName, kind, index, positive));
    }

    /** @param output the whole output part @return this */
    public ModelManifestBuilder output(OutputSpec output) {
        this.output = Objects.requireNonNull(output, "output");
        return this;
    }

    /** @param license licence of the model (e.g. an SPDX id), or null @return this */
    public ModelManifestBuilder license(String license) {
        this.license = license;
        return this;
    }

    /**
     * @param aggregation how the model's authors combine a track's face scores, or null for none declared
     * @return this
     */
    public ModelManifestBuilder faceAggregation(Aggregation aggregation) {
        this.aggregate = aggregation == null ? null : aggregation.toString();
        return this;
    }

    /**
     * @param outputName the output tensor holding the model's own map of where it looked, {@code [batch, 1, h,
     *        w]} over the crop (ICPR 2020 AutoAtt: {@code attention}), or null for none
     * @return this
     */
    public ModelManifestBuilder attentionOutput(String outputName) {
        checkArgument(outputName == null || !outputName.isBlank(), "attention output name must not be blank");
        this.attention = outputName;
        return this;
    }

    /** @param source where the model comes from, or null @return this */
    public ModelManifestBuilder source(String source) {
        this.source = source;
        return this;
    }

    /**
     * @param calibration a calibration of the model's video scores to carry, or null for none (the default)
     * @return this
     */
    public ModelManifestBuilder calibration(FittedCalibration calibration) {
        this.calibration = calibration;
        return this;
    }

    /**
     * @return the manifest; the builder stays usable
     * @throws IllegalStateException when the input is not set, or a classifier has no output
     */
    public ModelManifest build() {
        checkState(inputName != null, "manifest %s: input name and size are required", name);
        checkState(task != ModelTask.CLASSIFIER || output != null,
                "manifest %s: a classifier needs an output (name, kind, index, positive)", name);
        return new ModelManifest(this);
    }
}
