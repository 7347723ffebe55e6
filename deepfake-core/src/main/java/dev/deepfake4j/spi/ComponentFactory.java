package dev.deepfake4j.spi;

import dev.deepfake4j.DeepfakeException;

/**
 * Creates a default component on demand (loading a model may fail, so this may throw).
 *
 * @param <T> the component type
 */
@FunctionalInterface
public interface ComponentFactory<T> {
    /**
     * @return a new component, owned by the caller
     * @throws DeepfakeException when it cannot be created (e.g. {@code MODEL_NOT_FOUND})
     */
    T create() throws DeepfakeException;
}
