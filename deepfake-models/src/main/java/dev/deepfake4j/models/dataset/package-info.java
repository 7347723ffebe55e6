/**
 * Readers for the label files of public deepfake datasets, so that tools (the CLI's {@code eval}, a Spark job) share
 * one parser: {@link dev.deepfake4j.models.dataset.DfdcLabels} reads the DFDC {@code metadata.json}. Parsers take
 * untrusted files and fail only with {@link dev.deepfake4j.DeepfakeException}; they are fuzzed (see
 * {@code docs/reliability.md}).
 */
package dev.deepfake4j.models.dataset;
