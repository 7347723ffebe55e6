/**
 * Which frames to analyse: {@link dev.deepfake4j.sampling.FrameSampler} policies plan over a
 * {@link dev.deepfake4j.sampling.VideoInfo} and answer with a {@link dev.deepfake4j.sampling.SamplePlan} that a
 * decoder executes. Pure Java, immutable, thread-safe.
 */
package dev.deepfake4j.sampling;
