/**
 * The default models as class-path resources of this package's folder ({@code dev/deepfake4j/models/bundled/}):
 * {@code yunet_s_640_640.onnx} (YuNet-s, libfacedetection.train) and {@code Meso4_DF.h5} (MesoNet-4 DF,
 * DariusAf/MesoNet), both Apache-2.0, with their upstream licence and notice files and a {@code README.md} of their
 * provenance and SHA-256 beside them.
 *
 * <p>There is no code here: the model registry ({@code deepfake-onnx}) looks the files up by name, checks their
 * SHA-256 against its pinned entries and copies them into the model cache on first use, so the default detector
 * works without network access. This package description exists so that the artifact has documentation like every
 * other library artifact.
 */
package dev.deepfake4j.models.bundled;
