/**
 * Faces: the {@link dev.deepfake4j.face.FaceLocator} and {@link dev.deepfake4j.face.FaceCropper} interfaces,
 * boxes in pixels, the crop policy, and {@link dev.deepfake4j.face.FaceTracker}, which links faces across sampled
 * frames into tracks (pure Java).
 */
package dev.deepfake4j.face;
