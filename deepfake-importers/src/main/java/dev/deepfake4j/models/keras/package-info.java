/**
 * Importers for classifier weights published only as Keras files. {@link
 * dev.deepfake4j.models.keras.MesoNetImporter} reads the MesoNet authors' HDF5 weight files with jhdf (pure Java,
 * no native HDF5) and writes the equivalent ONNX graph with the ONNX protobuf classes, so that the model registry
 * can offer MesoNet on ONNX Runtime although its authors never published an ONNX file. Nothing here runs a model;
 * the output is ONNX bytes for the registry to cache and load. A damaged or foreign file is reported as
 * {@link dev.deepfake4j.ErrorCode#MODEL_INVALID} naming the file and the first thing found wrong.
 */
package dev.deepfake4j.models.keras;
