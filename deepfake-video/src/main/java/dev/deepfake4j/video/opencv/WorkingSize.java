package dev.deepfake4j.video.opencv;

import dev.deepfake4j.image.Frame;

/**
 * The size a detector sees a frame at: the frame scaled so its longer side has the working size, never enlarged
 * unless asked, each side rounded to whole pixels and at least 1. Every locator that runs YuNet uses this one rule,
 * so the OpenCV and the ONNX Runtime locators see the same pixels. Immutable.
 *
 * @param width the working image's width in pixels
 * @param height the working image's height in pixels
 * @param toFrameX frame pixels per working-image pixel, horizontally
 * @param toFrameY frame pixels per working-image pixel, vertically
 */
public record WorkingSize(int width, int height, double toFrameX, double toFrameY) {
    /**
     * @param frame the frame
     * @param longSide pixels of the longer side; 0 or less keeps the frame's size
     * @param upscale whether a frame smaller than {@code longSide} is enlarged to it
     * @return the working size of that frame
     */
    public static WorkingSize of(Frame frame, int longSide, boolean upscale) {
        double scale = longSide <= 0 ? 1.0 : (double) longSide / Math.max(frame.width(), frame.height());
        if (scale > 1.0 && !upscale) {
            scale = 1.0;
        }
        int width = Math.max(1, (int) Math.round(frame.width() * scale));
        int height = Math.max(1, (int) Math.round(frame.height() * scale));
        return new WorkingSize(width, height, (double) frame.width() / width, (double) frame.height() / height);
    }

    /** @param frame the frame this size was computed for @return whether the working image differs from it */
    public boolean resizes(Frame frame) {
        return width != frame.width() || height != frame.height();
    }

    /** @param frame the frame this size was computed for @return whether the frame is made smaller */
    public boolean shrinks(Frame frame) {
        return width < frame.width() || height < frame.height();
    }
}
