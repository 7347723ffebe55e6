/**
 * Decoding benchmarks: a whole DFDC clip decoded in full, as 32 uniform samples, and in fast mode (I/P frames only),
 * at 1080p and 720p, with the FFmpeg command line timed on the same clips by {@code ffmpeg-cli-baseline.sh} in the
 * same suite run.
 */
package dev.deepfake4j.benchmarks.decode;
