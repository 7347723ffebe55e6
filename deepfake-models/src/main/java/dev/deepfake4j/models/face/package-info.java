/**
 * Face locators that run ONNX models through ONNX Runtime: {@link dev.deepfake4j.models.face.UltraFaceLocator}
 * (RFB-320/640, slim-320) and {@link dev.deepfake4j.models.face.BlazeFaceLocator} (MediaPipe's front 128 and back 256
 * models). Preprocessing uses OpenCV (resize, colour order); decoding of the raw outputs and non-maximum suppression
 * are written here in Java, following each model's reference code, so the numbers can be checked against it.
 *
 * <p>Resources: every locator holds one ONNX Runtime session in the process-wide environment, shared by all threads
 * ({@code OrtSession.run} is thread-safe). Tensors made for a call are closed before it returns; {@code close()}
 * waits for calls in flight, frees the session and is idempotent.
 */
package dev.deepfake4j.models.face;
