/**
 * End-to-end benchmarks: {@code detector.analyze} of one clip with every default, {@code analyzeAll} over the 9
 * labelled videos, and the feed rate — classifier-ready face crops per second per core from real 1080p video
 * (decode, locate, crop; no classification), the figure that says whether the CPU side can keep a GPU busy.
 */
package dev.deepfake4j.benchmarks.pipeline;
