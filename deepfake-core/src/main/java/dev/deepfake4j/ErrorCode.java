package dev.deepfake4j;

/**
 * Why a {@link DeepfakeException} was thrown. Codes are stable: tools print them (the CLI's JSON
 * {@code error.code}) and callers branch on them.
 */
public enum ErrorCode {
    /** The input path does not exist. */
    FILE_NOT_FOUND,
    /** The input path exists but cannot be read (permissions, a directory, a symlink loop). */
    NOT_READABLE,
    /** The file is readable but holds no video stream (text, audio only, 0 bytes, unknown container). */
    NOT_A_VIDEO,
    /** The container was recognised but decoding failed before any usable frame came out. */
    DECODE_FAILED,
    /** A video that is valid but outside what the library accepts (e.g. larger than the configured limit). */
    UNSUPPORTED_INPUT,
    /** A model file or registry entry could not be found (locally, in the mirror, or offline). */
    MODEL_NOT_FOUND,
    /** A model file exists but is not a usable model (corrupt, wrong layout, manifest mismatch). */
    MODEL_INVALID,
    /** A downloaded or cached model did not have the SHA-256 its registry entry names. */
    CHECKSUM_MISMATCH,
    /** A native backend (FFmpeg, OpenCV, ONNX Runtime) failed; the backend's exception is the cause. */
    BACKEND_FAILURE,
    /** No implementation of a required component is on the classpath (a module is missing). */
    MISSING_COMPONENT,
    /** The work was cancelled: the calling thread was interrupted or a time limit passed. */
    CANCELLED,
    /** A network transfer (model download) failed. */
    IO_FAILURE,
    /**
     * Refused at once, nothing done: the detector already holds as many asynchronous videos as it accepts
     * ({@link DetectorBuilder#maxConcurrentVideos} running plus {@link DetectorBuilder#maxQueuedVideos} waiting).
     * Retry later, or raise the limits.
     */
    BUSY
}
