/**
 * Decoded images: {@link dev.deepfake4j.image.Frame} with an explicit
 * {@link dev.deepfake4j.image.PixelFormat} and explicit ownership (owned heap pixels, or a view valid only inside
 * a decoder callback).
 */
package dev.deepfake4j.image;
