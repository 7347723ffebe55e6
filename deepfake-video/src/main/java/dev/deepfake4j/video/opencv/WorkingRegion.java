package dev.deepfake4j.video.opencv;

import dev.deepfake4j.image.Frame;

/**
 * A region of a frame seen at the scale of the whole frame's {@link WorkingSize}, for locators that look again only
 * around a face they found before. The region is widened outwards to whole working pixels, so an area resize of
 * the region alone averages the same blocks of frame pixels as the resize of the whole frame does (exactly the same
 * blocks when the scale is a whole number, as 1920 to 640 pixels): the detector sees the face as it saw it in the
 * whole frame, and gives it the same box. Immutable.
 *
 * @param x the widened region's left edge, in frame pixels
 * @param y its top edge, in frame pixels
 * @param width its width in frame pixels, at least 1
 * @param height its height in frame pixels, at least 1
 * @param size the region's own working size: its pixels at the whole frame's scale, with the factors back to the
 *        region's frame pixels
 */
public record WorkingRegion(int x, int y, int width, int height, WorkingSize size) {
    /**
     * @param whole the working size of the whole frame
     * @param frame the frame {@code whole} was computed for
     * @param x the region's left edge in frame pixels
     * @param y its top edge
     * @param width its width in frame pixels
     * @param height its height in frame pixels
     * @param grid the working-pixel grid the region's working edges are widened to (1: none). A detector with
     *        stride {@code s} sees the same pixels on the same grid of anchors as in the whole frame when the region
     *        starts at a multiple of {@code s}, and real pixels instead of padding up to the next multiple
     * @return the region widened to whole working pixels and to the grid, inside the frame
     * @throws IllegalArgumentException when the region is empty or not inside the frame
     */
    public static WorkingRegion of(WorkingSize whole, Frame frame, int x, int y, int width, int height, int grid) {
        if (x < 0 || y < 0 || width <= 0 || height <= 0 || x + width > frame.width() || y + height > frame.height()) {
            throw new IllegalArgumentException("region " + width + "x" + height + " at (" + x + "," + y
                    + ") is outside the " + frame.width() + "x" + frame.height() + " frame");
        }
        if (grid < 1) {
            throw new IllegalArgumentException("grid must be at least 1: " + grid);
        }
        double fx = whole.toFrameX();
        double fy = whole.toFrameY();
        int wx1 = down((int) Math.floor(x / fx), grid);
        int wy1 = down((int) Math.floor(y / fy), grid);
        int wx2 = Math.max(wx1 + 1, Math.min(whole.width(), wx1 + up((int) Math.ceil((x + width) / fx) - wx1, grid)));
        int wy2 = Math.max(wy1 + 1, Math.min(whole.height(), wy1 + up((int) Math.ceil((y + height) / fy) - wy1, grid)));
        int x1 = (int) Math.floor(wx1 * fx);
        int y1 = (int) Math.floor(wy1 * fy);
        int x2 = Math.min(frame.width(), (int) Math.ceil(wx2 * fx));
        int y2 = Math.min(frame.height(), (int) Math.ceil(wy2 * fy));
        int workW = wx2 - wx1;
        int workH = wy2 - wy1;
        WorkingSize size = new WorkingSize(workW, workH, (double) (x2 - x1) / workW, (double) (y2 - y1) / workH);
        return new WorkingRegion(x1, y1, x2 - x1, y2 - y1, size);
    }

    private static int down(int v, int grid) {
        return v / grid * grid;
    }

    private static int up(int v, int grid) {
        return (v + grid - 1) / grid * grid;
    }

    /** @param frame the whole frame @return a view of this region of it, read only while the frame is valid */
    public Frame view(Frame frame) {
        return frame.region(x, y, width, height);
    }
}
