/**
 * Face benchmarks: each locator (YuNet, Haar, LBP, UltraFace, BlazeFace) on one real 1080p and 720p DFDC frame, and
 * cropping one face to a classifier's input (256×256 stretch, 380×380 letterbox).
 */
package dev.deepfake4j.benchmarks.face;
