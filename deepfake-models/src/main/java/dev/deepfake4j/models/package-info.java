/**
 * Ready-made components backed by ONNX Runtime and the model registry: {@link dev.deepfake4j.models.FaceLocators},
 * {@link dev.deepfake4j.models.Classifiers}, and the {@link dev.deepfake4j.models.ModelsComponentProvider} that makes
 * YuNet and MesoNet-4 the defaults of {@code DeepfakeDetector.builder()}.
 */
package dev.deepfake4j.models;
