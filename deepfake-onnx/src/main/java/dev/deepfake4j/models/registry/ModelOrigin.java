package dev.deepfake4j.models.registry;

/** Where {@link ModelRegistry#resolve} found a model, in the order it looks. */
public enum ModelOrigin {
    /** An explicit file path given by the caller. */
    PATH,
    /**
     * Bundled on the class path ({@code dev/deepfake4j/models/bundled/<fileName>}, e.g. the default models of
     * {@code deepfake-default-models}); the file opened is its verified copy in the cache, made on first use.
     */
    BUNDLED,
    /** The model cache ({@code $DEEPFAKE4J_HOME/models}, default {@code ~/.cache/deepfake4j/models}). */
    CACHE,
    /** The offline mirror folder ({@code $DEEPFAKE4J_MODEL_MIRROR}). */
    MIRROR,
    /** Downloaded into the cache just now. */
    DOWNLOAD
}
