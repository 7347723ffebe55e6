/**
 * The entry point of deepfake4j: {@link dev.deepfake4j.DeepfakeDetector} and what it returns
 * ({@link dev.deepfake4j.VideoReport}, {@link dev.deepfake4j.VideoOutcome}) or throws
 * ({@link dev.deepfake4j.DeepfakeException} with an {@link dev.deepfake4j.ErrorCode}). Scores are probabilities
 * that a video is <em>fake</em>.
 */
package dev.deepfake4j;
