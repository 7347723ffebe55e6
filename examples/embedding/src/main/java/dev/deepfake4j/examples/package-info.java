/**
 * Embedding examples: {@link dev.deepfake4j.examples.ScoreOneVideo} (one video, default detector) and
 * {@link dev.deepfake4j.examples.ScoreFolder} (a folder, concurrently, results as they come). Each has a test that
 * runs it on real videos, so the examples cannot rot.
 */
package dev.deepfake4j.examples;
