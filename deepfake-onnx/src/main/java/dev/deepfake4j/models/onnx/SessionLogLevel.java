package dev.deepfake4j.models.onnx;

import ai.onnxruntime.OrtLoggingLevel;

/** How much ONNX Runtime logs for a session (to its own log, on standard error), from most to least. */
public enum SessionLogLevel {
    /** Everything, including per-node detail. */
    VERBOSE(OrtLoggingLevel.ORT_LOGGING_LEVEL_VERBOSE),
    /** Informational messages and above. */
    INFO(OrtLoggingLevel.ORT_LOGGING_LEVEL_INFO),
    /** Warnings and above (the default). */
    WARNING(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING),
    /** Errors only; silences models that list their weights among the graph inputs, such as UltraFace. */
    ERROR(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR),
    /** Fatal errors only. */
    FATAL(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);

    private final OrtLoggingLevel ortLevel;

    SessionLogLevel(OrtLoggingLevel ortLevel) {
        this.ortLevel = ortLevel;
    }

    OrtLoggingLevel ortLevel() {
        return ortLevel;
    }
}
