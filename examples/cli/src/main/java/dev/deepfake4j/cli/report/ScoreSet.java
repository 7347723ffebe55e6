package dev.deepfake4j.cli.report;

/**
 * One set of video scores the summary shows, parallel to the labels it is read with.
 *
 * @param name shown in tables and legends: {@code raw} or {@code calibrated}
 * @param cssClass the charts' style for it
 * @param scores P(fake) per video
 */
record ScoreSet(String name, String cssClass, double[] scores) {
}
