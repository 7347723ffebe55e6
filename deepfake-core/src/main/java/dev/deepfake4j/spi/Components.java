package dev.deepfake4j.spi;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.face.FaceCropper;
import dev.deepfake4j.face.FaceLocator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds default components through {@link ComponentProvider}s on the classpath. Stateless and thread-safe; the
 * providers are looked up on each call (cheap, and it keeps class-loader changes visible).
 */
public final class Components {
    /** System property naming the provider of the video decoder. */
    public static final String DECODER_PROPERTY = "deepfake4j.decoder";
    /** System property naming the provider of the face cropper. */
    public static final String CROPPER_PROPERTY = "deepfake4j.cropper";
    /** System property naming the provider of the default face locator. */
    public static final String LOCATOR_PROPERTY = "deepfake4j.locator";
    /** System property naming the provider of the default classifier. */
    public static final String CLASSIFIER_PROPERTY = "deepfake4j.classifier";

    private final List<ComponentProvider> providers;

    private Components(List<ComponentProvider> providers) {
        this.providers = providers;
    }

    /** @return the providers visible to this class's class loader */
    public static Components discover() {
        List<ComponentProvider> found = new ArrayList<>();
        ServiceLoader.load(ComponentProvider.class, Components.class.getClassLoader()).forEach(found::add);
        return new Components(found);
    }

    /**
     * @param providers the providers to choose from (for tests and containers that manage their own)
     * @return a lookup over exactly those
     */
    public static Components of(List<ComponentProvider> providers) {
        return new Components(List.copyOf(providers));
    }

    /** @return the names of the providers found, highest rank first */
    public List<String> providerNames() {
        return sorted().stream().map(ComponentProvider::name).collect(Collectors.toList());
    }

    /**
     * @return the video decoder of the chosen provider
     * @throws DeepfakeException {@code MISSING_COMPONENT} naming {@code deepfake-video} when none is on the classpath
     */
    public VideoDecoder videoDecoder() throws DeepfakeException {
        return pick("video decoder", DECODER_PROPERTY, "dev.deepfake4j:deepfake-video", ComponentProvider::videoDecoder);
    }

    /**
     * @return the face cropper of the chosen provider
     * @throws DeepfakeException {@code MISSING_COMPONENT} naming {@code deepfake-video} when none is on the classpath
     */
    public FaceCropper faceCropper() throws DeepfakeException {
        return pick("face cropper", CROPPER_PROPERTY, "dev.deepfake4j:deepfake-video", ComponentProvider::faceCropper);
    }

    /**
     * @return a new default face locator, owned by the caller
     * @throws DeepfakeException {@code MISSING_COMPONENT} naming {@code deepfake-models} (the default, YuNet, needs
     *         its model registry), or the factory's error
     */
    public FaceLocator createFaceLocator() throws DeepfakeException {
        return pick("face locator", LOCATOR_PROPERTY, "dev.deepfake4j:deepfake-models",
                ComponentProvider::defaultFaceLocator).create();
    }

    /**
     * @return a new default classifier, owned by the caller
     * @throws DeepfakeException {@code MISSING_COMPONENT} naming {@code deepfake-models}, or the factory's error
     */
    public Classifier createClassifier() throws DeepfakeException {
        return pick("classifier", CLASSIFIER_PROPERTY, "dev.deepfake4j:deepfake-models",
                ComponentProvider::defaultClassifier).create();
    }

    private List<ComponentProvider> sorted() {
        List<ComponentProvider> s = new ArrayList<>(providers);
        s.sort(Comparator.comparingInt(ComponentProvider::rank).reversed().thenComparing(ComponentProvider::name));
        return s;
    }

    private <T> T pick(String what, String property, String module,
            Function<ComponentProvider, Optional<T>> getter) throws DeepfakeException {
        String wanted = System.getProperty(property);
        List<ComponentProvider> candidates = sorted();
        if (wanted != null && !wanted.isBlank()) {
            for (ComponentProvider p : candidates) {
                if (p.name().equals(wanted.trim())) {
                    Optional<T> c = getter.apply(p);
                    if (c.isPresent()) {
                        return c.get();
                    }
                    throw new DeepfakeException(ErrorCode.MISSING_COMPONENT, "Provider '" + wanted + "' named by -D"
                            + property + " has no " + what + "; providers on the classpath: " + providerNames());
                }
            }
            throw new DeepfakeException(ErrorCode.MISSING_COMPONENT, "No provider named '" + wanted + "' (set by -D"
                    + property + "); providers on the classpath: " + providerNames());
        }
        for (ComponentProvider p : candidates) {
            Optional<T> c = getter.apply(p);
            if (c.isPresent()) {
                return c.get();
            }
        }
        throw new DeepfakeException(ErrorCode.MISSING_COMPONENT, "No default " + what + " on the classpath: add the "
                + "Maven dependency " + module + " (or dev.deepfake4j:deepfake-models, which brings everything), or "
                + "pass one to DeepfakeDetector.builder()");
    }
}
