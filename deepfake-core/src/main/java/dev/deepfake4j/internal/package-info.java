/**
 * Internal helpers shared by the deepfake4j modules. <strong>Not part of the public API</strong>: anything here
 * may change or disappear in any release without notice. Applications should not use it.
 *
 * <p>It exists so that {@code deepfake-core} can depend on the SLF4J API only (no Guava) while every module
 * still validates its arguments the same way and produces the same messages.
 */
package dev.deepfake4j.internal;
