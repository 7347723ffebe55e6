/**
 * The stages that {@link dev.deepfake4j.DeepfakeDetector} runs for one video, each its own class, wired in
 * {@link dev.deepfake4j.pipeline.VideoPipeline}: decode → locate → select (the tracker's per-frame step) → crop →
 * classify → link tracks → aggregate → report.
 *
 * <p><b>Internal.</b> These types are public only so that the detector in the parent package can wire them; they
 * are not API and may change between releases. Use {@link dev.deepfake4j.DeepfakeDetector}.
 */
package dev.deepfake4j.pipeline;
