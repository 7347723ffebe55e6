/**
 * Evaluation against labels: log loss exactly as the DFDC scored it, ROC AUC with ties, accuracy and Brier
 * score ({@link dev.deepfake4j.metrics.Metrics}).
 */
package dev.deepfake4j.metrics;
