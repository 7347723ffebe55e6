/**
 * Calibration of video scores: maps from the detector's raw P(fake) to a calibrated one, fitted on labelled
 * videos. {@link dev.deepfake4j.calibrate.PlattCalibration} (logistic regression on the logit of the score;
 * temperature scaling as its intercept-free case), {@link dev.deepfake4j.calibrate.IsotonicCalibration}
 * (pool-adjacent-violators), and {@link dev.deepfake4j.calibrate.CalibrationFit}, which picks between them by
 * cross-validated log loss. A fitted map travels as a {@link dev.deepfake4j.calibrate.FittedCalibration}, which
 * records what it was fitted on; attach it with {@code DetectorBuilder.calibration}. Pure Java, no JSON: the
 * file format lives in {@code deepfake-models}.
 */
package dev.deepfake4j.calibrate;
