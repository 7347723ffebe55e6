/**
 * The {@code calibration.json} file: a {@link dev.deepfake4j.calibrate.FittedCalibration} written and read with
 * Jackson ({@link dev.deepfake4j.models.calibrate.CalibrationFile}). It lives beside the model manifest (which may
 * embed a calibration or name its file, see {@code ModelManifest}); {@code deepfake-models} brings both.
 */
package dev.deepfake4j.models.calibrate;
