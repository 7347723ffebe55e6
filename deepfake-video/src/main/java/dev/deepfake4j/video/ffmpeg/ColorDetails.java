package dev.deepfake4j.video.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_DEFAULT;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.IntPointer;

/**
 * Tells one scaler the YUV matrix and range of the frames it converts, so HD (BT.709) and full-range video get true
 * colours; remembers what it told it, so a scaler is set up again only when a frame's colours change. One per
 * {@code SwsContext}, used by the thread that uses the scaler.
 */
final class ColorDetails {
    /** AVColorSpace values that {@code sws_getCoefficients} knows (BT.709, FCC, BT.601 ×2, SMPTE 240M, BT.2020). */
    private static final int[] KNOWN_MATRICES = {1, 4, 5, 6, 7, 9, 10};

    private int colorspace = Integer.MIN_VALUE;
    private int range = Integer.MIN_VALUE;

    /**
     * @param sws the scaler these details belong to
     * @param frame the frame about to be converted
     */
    void apply(SwsContext sws, AVFrame frame) {
        int cs = frame.colorspace();
        int r = frame.color_range() == AVCOL_RANGE_JPEG ? 1 : 0;
        if (cs == colorspace && r == range) {
            return;
        }
        colorspace = cs;
        range = r;
        boolean known = false;
        for (int m : KNOWN_MATRICES) {
            known |= m == cs;
        }
        if (!known && r == 0 || Ffmpeg.pixelFormatName(frame.format()).startsWith("yuvj")) {
            return; // the scaler's defaults (BT.601, or full range for the deprecated yuvj formats) are right
        }
        IntPointer matrix = sws_getCoefficients(known ? cs : SWS_CS_DEFAULT);
        // Returns -1 for RGB sources, where matrices do not apply; the conversion is then already right.
        sws_setColorspaceDetails(sws, matrix, r, sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
    }
}
