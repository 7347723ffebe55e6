package dev.deepfake4j.video.opencv;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.CropPolicy;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.face.FaceCropper;
import dev.deepfake4j.image.Frame;
import java.util.Objects;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Cuts faces out of frames with OpenCV and resizes them to a classifier's {@link InputSpec}.
 *
 * <p><b>Geometry.</b> The region is {@link CropPolicy#region(FaceBox)} rounded to whole pixels. It is mapped onto
 * the output: the whole output for {@link InputSpec.Resize#STRETCH}; for {@link InputSpec.Resize#LETTERBOX} a
 * rectangle scaled by one factor on both axes so the region's longer side fills the output, centred, the rest zero;
 * for {@link InputSpec.Resize#PAD_IF_SMALLER} the region padded with zeros (centred) to at least the output size on
 * each axis and that stretched to the output, so a smaller region is placed unscaled in the middle. Resizing only
 * the region's pixels into their place, not the padded canvas, the interpolation never mixes padding into the
 * border pixels (albumentations, resizing the padded image, blends them by up to one pixel).
 * Only the part of the region inside the frame is read (an ROI, no copy of a direct frame) and resized straight into
 * its place in a zeroed output, so the part of the region outside the frame comes out as zeros (black) and the face
 * stays centred and unstretched. The frame's pixels are never modified.
 *
 * <p><b>Interpolation</b> follows the spec; {@link InputSpec.Interpolation#AREA_OR_CUBIC} uses area averaging when
 * the region is shrunk and bicubic when it is enlarged. The output is converted to the spec's colour order.
 *
 * <p><b>Copies.</b> A direct (decoder) frame is read in place; an owned heap frame has only the in-frame part of
 * the region copied to native memory. The resize writes the output once into native memory, which is then copied
 * once into the crop's own array.
 *
 * <p><b>Thread safety.</b> Stateless: safe for concurrent use; every native object lives only within one call and
 * is freed before it returns.
 */
public final class OpenCvFaceCropper implements FaceCropper {

    /** Creates a cropper; it holds no resources. */
    public OpenCvFaceCropper() {
    }

    @Override
    public FaceCrop crop(Frame frame, FaceBox box, CropPolicy policy, InputSpec spec) throws DeepfakeException {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(spec, "spec");
        FaceBox region = policy.region(box);
        // Whole-pixel region: the rounded top-left corner and the rounded size (at least one pixel).
        int rx = (int) Math.round(region.x1());
        int ry = (int) Math.round(region.y1());
        int rw = Math.max(1, (int) Math.round(region.width()));
        int rh = Math.max(1, (int) Math.round(region.height()));
        int outW = spec.width();
        int outH = spec.height();

        // Where the region lands in the output, and by how much it is scaled.
        double sx;
        double sy;
        double offX = 0;
        double offY = 0;
        if (spec.resize() == InputSpec.Resize.LETTERBOX) {
            double s = Math.min((double) outW / rw, (double) outH / rh);
            sx = s;
            sy = s;
            offX = (outW - Math.round(rw * s)) / 2.0;
            offY = (outH - Math.round(rh * s)) / 2.0;
            offX = Math.floor(offX);
            offY = Math.floor(offY);
        } else if (spec.resize() == InputSpec.Resize.PAD_IF_SMALLER) {
            // The region padded to at least the output size (centred, smaller half before), then stretched.
            int pw = Math.max(rw, outW);
            int ph = Math.max(rh, outH);
            sx = (double) outW / pw;
            sy = (double) outH / ph;
            offX = ((pw - rw) / 2) * sx;
            offY = ((ph - rh) / 2) * sy;
        } else {
            sx = (double) outW / rw;
            sy = (double) outH / rh;
        }

        // The part of the region inside the frame, in frame pixels.
        int fx1 = Math.max(rx, 0);
        int fy1 = Math.max(ry, 0);
        int fx2 = Math.min(rx + rw, frame.width());
        int fy2 = Math.min(ry + rh, frame.height());

        byte[] pixels = new byte[outW * outH * 3];
        if (fx2 <= fx1 || fy2 <= fy1) {
            // The region lies wholly outside the frame: all padding.
            return new FaceCrop(frame.index(), frame.ptsSeconds(), box, outW, outH, spec.channels(), pixels);
        }
        // ... and where it goes in the output.
        int dx1 = clamp((int) Math.round(offX + (fx1 - rx) * sx), 0, outW - 1);
        int dy1 = clamp((int) Math.round(offY + (fy1 - ry) * sy), 0, outH - 1);
        int dx2 = clamp((int) Math.round(offX + (fx2 - rx) * sx), dx1 + 1, outW);
        int dy2 = clamp((int) Math.round(offY + (fy2 - ry) * sy), dy1 + 1, outH);
        int dw = dx2 - dx1;
        int dh = dy2 - dy1;
        int sw = fx2 - fx1;
        int sh = fy2 - fy1;

        try (FrameMat source = FrameMat.region(frame, fx1, fy1, sw, sh);
                Scalar black = new Scalar(0.0);
                Mat output = new Mat(outH, outW, CV_8UC3, black);
                Rect placeRect = new Rect(dx1, dy1, dw, dh);
                Mat place = new Mat(output, placeRect);
                Size placeSize = new Size(dw, dh)) {
            if (dw == sw && dh == sh) {
                source.mat().copyTo(place);
            } else {
                // resize() keeps writing into the ROI because its size and type already match.
                resize(source.mat(), place, placeSize, 0, 0, interpolation(spec.interpolation(), sw, sh, dw, dh));
            }
            if (frame.format() != spec.channels()) {
                // Both orders are 3-channel swaps of each other; BGR2RGB is its own inverse.
                cvtColor(output, output, COLOR_BGR2RGB);
            }
            output.data().capacity(pixels.length).get(pixels);
        } catch (RuntimeException e) {
            throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "OpenCV failed to crop " + box + " from " + frame
                    + ": " + e.getMessage(), e);
        }
        return new FaceCrop(frame.index(), frame.ptsSeconds(), box, outW, outH, spec.channels(), pixels);
    }

    private static int interpolation(InputSpec.Interpolation interpolation, int sw, int sh, int dw, int dh) {
        return switch (interpolation) {
            case NEAREST -> INTER_NEAREST;
            case LINEAR -> INTER_LINEAR;
            case AREA -> INTER_AREA;
            case CUBIC -> INTER_CUBIC;
            case AREA_OR_CUBIC -> (long) dw * dh < (long) sw * sh ? INTER_AREA : INTER_CUBIC;
        };
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    @Override
    public String toString() {
        return "OpenCvFaceCropper";
    }
}
