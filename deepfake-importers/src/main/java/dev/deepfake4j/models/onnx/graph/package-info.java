/**
 * Writing ONNX graphs in Java, for the importers that turn published weights into ONNX bytes
 * ({@link dev.deepfake4j.models.keras.MesoNetImporter} from Keras HDF5, {@link
 * dev.deepfake4j.models.efficientnet.EfficientNetImporter} from a PyTorch state dict). {@link
 * dev.deepfake4j.models.onnx.graph.OnnxGraphWriter} builds the {@code ModelProto} with the ONNX protobuf classes of
 * tribuo-util-onnx, so no Python and no native converter is needed; nothing here runs a model. Support code for
 * those importers, not a general ONNX editor.
 */
package dev.deepfake4j.models.onnx.graph;
