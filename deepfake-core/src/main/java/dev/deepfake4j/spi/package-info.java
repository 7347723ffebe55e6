/**
 * The seams backends plug into: {@link dev.deepfake4j.spi.VideoDecoder}/{@link dev.deepfake4j.spi.VideoSource}
 * for video, and {@link dev.deepfake4j.spi.ComponentProvider}, found with {@link java.util.ServiceLoader}, for the
 * default decoder, cropper, locator and classifier. {@link dev.deepfake4j.spi.Components} picks among providers.
 */
package dev.deepfake4j.spi;
