package dev.deepfake4j.models;

import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.spi.ComponentFactory;
import dev.deepfake4j.spi.ComponentProvider;
import java.util.Optional;

/**
 * Makes YuNet the default face locator and MesoNet-4 (DF) the default classifier, both resolved through the model
 * registry. Ranked above {@code deepfake-video}'s provider, whose default locator is the Haar cascade.
 */
public final class ModelsComponentProvider implements ComponentProvider {
    /** Creates the provider ({@link java.util.ServiceLoader} calls this). */
    public ModelsComponentProvider() {
    }

    @Override
    public String name() {
        return "onnx-models";
    }

    @Override
    public int rank() {
        return 10;
    }

    @Override
    public String module() {
        return "dev.deepfake4j:deepfake-models";
    }

    @Override
    public Optional<ComponentFactory<FaceLocator>> defaultFaceLocator() {
        return Optional.of(FaceLocators::yunet);
    }

    @Override
    public Optional<ComponentFactory<Classifier>> defaultClassifier() {
        return Optional.of(Classifiers::mesonet);
    }
}
