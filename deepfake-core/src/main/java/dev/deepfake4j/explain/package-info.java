/**
 * Why a face scored as it did: {@link dev.deepfake4j.explain.SensitivityMap}, a grid of values over a face crop.
 * {@link dev.deepfake4j.explain.OcclusionSensitivity} makes one for any
 * {@link dev.deepfake4j.classify.Classifier} (model-agnostic: it covers each region of the crop with a neutral
 * patch and records how much the probability of fake drops); a classifier that can show where it looked by itself
 * (an attention map, such as the ICPR 2020 AutoAtt models') implements
 * {@link dev.deepfake4j.explain.OwnMapClassifier}, and {@link dev.deepfake4j.explain.Explanations} returns both.
 * Pure Java, no native code; images for people are drawn by the callers (the CLI's HTML report).
 */
package dev.deepfake4j.explain;
