/**
 * An HTTP service over one {@link dev.deepfake4j.DeepfakeDetector}: {@link dev.deepfake4j.server.ScoringServer}
 * with its {@link dev.deepfake4j.server.ServerOptions}, and {@link dev.deepfake4j.server.ReportJson}, the
 * {@code score --json} object it answers (shared with the command-line tool).
 */
package dev.deepfake4j.server;
