/**
 * The video module's contribution to {@code DeepfakeDetector}'s defaults ({@link dev.deepfake4j.video.VideoComponentProvider}):
 * decoding lives in {@code dev.deepfake4j.video.ffmpeg}, image work and face location in
 * {@code dev.deepfake4j.video.opencv}.
 */
package dev.deepfake4j.video;
