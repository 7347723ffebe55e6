/**
 * The HTML report of {@code deepfake4j eval --report} and {@code score --report}: {@link
 * dev.deepfake4j.cli.report.HtmlReport} writes one self-contained page (summary with metrics, confusion matrix,
 * ROC and reliability charts and per-video log loss; a card per video with truth, verdict, track strips, face
 * crops and occlusion maps). One concept per class: the numbers ({@code Curves}), each chart, each part of a card.
 */
package dev.deepfake4j.cli.report;
