package dev.deepfake4j.image;

/** The byte layout of an 8-bit image: three interleaved channels per pixel, in the order the name gives. */
public enum PixelFormat {
    /** Red, green, blue: 3 bytes per pixel. */
    RGB24,
    /** Blue, green, red: 3 bytes per pixel (OpenCV's native order). */
    BGR24;

    /** @return bytes per pixel (always 3 for the formats defined so far) */
    public int bytesPerPixel() {
        return 3;
    }
}
