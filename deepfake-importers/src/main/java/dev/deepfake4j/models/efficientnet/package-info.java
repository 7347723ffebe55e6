/**
 * EfficientNet classifiers from PyTorch weights, written as ONNX graphs in Java:
 * <ul>
 *   <li>{@link dev.deepfake4j.models.efficientnet.EfficientNetImporter} reads the block structure of a timm
 *       {@code tf_efficientnet_b0_ns} … {@code b7_ns} encoder ({@link dev.deepfake4j.models.efficientnet.EfficientNetArchitecture})
 *       and writes the DFDC head; {@link dev.deepfake4j.models.efficientnet.DfdcWinner} imports the DFDC winner's
 *       checkpoints;</li>
 *   <li>{@link dev.deepfake4j.models.efficientnet.EfficientNetPytorchImporter} does the same for lukemelas
 *       {@code efficientnet_pytorch} backbones ({@link dev.deepfake4j.models.efficientnet.EfficientNetPytorchArchitecture})
 *       with the heads of the {@link dev.deepfake4j.models.efficientnet.EfficientNetPytorchDetector}s (polimi
 *       ICPR 2020, SBI, DeepfakeBench), padded by a {@link dev.deepfake4j.models.efficientnet.PaddingRule}.</li>
 * </ul>
 * Both share the convolution/batch-norm folding, swish, squeeze-excitation and TF-same arithmetic. The graphs run
 * on ONNX Runtime like any other classifier.
 */
package dev.deepfake4j.models.efficientnet;
