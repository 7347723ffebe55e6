/**
 * The {@code calibration.json} file: a {@link dev.deepfake4j.calibrate.FittedCalibration} written and read with
 * Jackson ({@link dev.deepfake4j.models.calibrate.CalibrationFile}).
 */
package dev.deepfake4j.models.calibrate;
