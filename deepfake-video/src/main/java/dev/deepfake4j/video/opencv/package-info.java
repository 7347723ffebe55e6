/**
 * OpenCV (Bytedeco) image work: still images in and out ({@link dev.deepfake4j.video.opencv.Images}), frames seen
 * as OpenCV Mats without copying decoder memory ({@link dev.deepfake4j.video.opencv.FrameMat}), face locators
 * ({@link dev.deepfake4j.video.opencv.YuNetFaceLocator}, the default, and
 * {@link dev.deepfake4j.video.opencv.CascadeFaceLocator}, which needs no model download) and the cropper that cuts
 * faces out and resizes them to a classifier's input ({@link dev.deepfake4j.video.opencv.OpenCvFaceCropper}).
 *
 * <p>Native memory: every Mat made here lives within one call and is freed before it returns (try-with-resources),
 * except in {@code FrameMat}, which its caller closes. Locators own pools of per-thread OpenCV detectors because
 * OpenCV's detectors keep per-call state; {@code close()} frees them. Everything returned to callers (frames,
 * boxes, crops) is owned Java data.
 */
package dev.deepfake4j.video.opencv;
