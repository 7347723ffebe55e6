package dev.deepfake4j.spi;

import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.face.FaceCropper;
import dev.deepfake4j.face.FaceLocator;
import java.util.Optional;

/**
 * What a module contributes as defaults, found with {@link java.util.ServiceLoader}: each module lists its provider
 * in {@code META-INF/services/dev.deepfake4j.spi.ComponentProvider}. When several provide the same component the
 * highest {@link #rank()} wins; the system properties {@code deepfake4j.decoder}, {@code deepfake4j.cropper},
 * {@code deepfake4j.locator} and {@code deepfake4j.classifier} name a provider to use instead (an unknown name is
 * an error). Implementations need a public no-argument constructor and must be thread-safe.
 */
public interface ComponentProvider {

    /** @return the provider's name, e.g. {@code ffmpeg-opencv}, as the override properties spell it */
    String name();

    /** @return precedence among providers of the same component; higher wins (default 0) */
    default int rank() {
        return 0;
    }

    /** @return the module that holds this provider, for messages, e.g. {@code dev.deepfake4j:deepfake-video} */
    default String module() {
        return name();
    }

    /** @return a video decoder, if this module has one */
    default Optional<VideoDecoder> videoDecoder() {
        return Optional.empty();
    }

    /** @return a face cropper, if this module has one */
    default Optional<FaceCropper> faceCropper() {
        return Optional.empty();
    }

    /** @return a factory for the default face locator, if this module has one */
    default Optional<ComponentFactory<FaceLocator>> defaultFaceLocator() {
        return Optional.empty();
    }

    /** @return a factory for the default classifier, if this module has one */
    default Optional<ComponentFactory<Classifier>> defaultClassifier() {
        return Optional.empty();
    }
}
