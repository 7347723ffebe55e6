package dev.deepfake4j.models.onnx;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;

/** How much ONNX Runtime rewrites a model's graph when it opens a session (more: slower to open, faster to run). */
public enum GraphOptimization {
    /** No rewriting; useful only to debug a model. */
    DISABLED(OptLevel.NO_OPT),
    /** Semantics-preserving rewrites such as constant folding and redundant-node removal. */
    BASIC(OptLevel.BASIC_OPT),
    /** Basic plus node fusions (e.g. convolution with batch normalisation). */
    EXTENDED(OptLevel.EXTENDED_OPT),
    /** Everything, including layout changes (ONNX Runtime's default, and ours). */
    ALL(OptLevel.ALL_OPT);

    private final OptLevel level;

    GraphOptimization(OptLevel level) {
        this.level = level;
    }

    OptLevel ortLevel() {
        return level;
    }
}
