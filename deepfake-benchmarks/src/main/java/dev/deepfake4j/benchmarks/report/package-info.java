/**
 * Turns JMH JSON results into the Markdown tables of {@code docs/benchmarks.md}: medians with JMH's error, ratios
 * against a baseline of the same run, per-face and per-core columns, and the FFmpeg CLI and {@code eval} figures.
 */
package dev.deepfake4j.benchmarks.report;
