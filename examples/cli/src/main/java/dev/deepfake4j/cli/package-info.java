/**
 * The {@code deepfake4j} command-line tool (DESIGN.md's CLI contract): {@code score}, {@code eval}, {@code frames},
 * {@code faces} and {@code models}, built on picocli. Output goes to stdout, diagnostics and progress to stderr.
 */
package dev.deepfake4j.cli;
