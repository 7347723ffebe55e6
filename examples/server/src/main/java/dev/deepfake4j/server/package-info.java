/**
 * An HTTP service over one {@link dev.deepfake4j.DeepfakeDetector}: {@link dev.deepfake4j.server.ScoringServer}
 * with its {@link dev.deepfake4j.server.ServerOptions}, and {@link dev.deepfake4j.server.ReportJson}, the
 * {@code score --json} object it answers (shared with the command-line tool). Inside (package-private): the routes
 * and admission ({@code ScoreService}), receiving uploads within the limits ({@code UploadStore}), scoring within the
 * request timeout ({@code TimedScoring}), errors as JSON ({@code HttpError}) and the metrics ({@code ServiceMetrics}).
 */
package dev.deepfake4j.server;
