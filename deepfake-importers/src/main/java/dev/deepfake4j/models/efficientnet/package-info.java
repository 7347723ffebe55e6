/**
 * EfficientNet classifiers from PyTorch weights: {@link dev.deepfake4j.models.efficientnet.EfficientNetImporter}
 * reads the block structure of a timm {@code tf_efficientnet_b0_ns} … {@code b7_ns} encoder from its state dict and
 * writes an ONNX graph with the DFDC head, and {@link dev.deepfake4j.models.efficientnet.DfdcWinner} holds the DFDC
 * winner's checkpoints, crop policy and preprocessing. The graphs run on ONNX Runtime like any other classifier.
 */
package dev.deepfake4j.models.efficientnet;
