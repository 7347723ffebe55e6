/**
 * Reliability tests of the whole pipeline on real components: the bad-input matrix, a shared detector under 8
 * threads, a native-memory soak, cancellation and time limits, and Jazzer fuzz targets for every parser of
 * untrusted input. Integration tests ({@code *IT}) run under failsafe, one forked JVM per class, so that a native
 * crash fails the build instead of killing it. See {@code docs/reliability.md}.
 */
package dev.deepfake4j.reliability;
