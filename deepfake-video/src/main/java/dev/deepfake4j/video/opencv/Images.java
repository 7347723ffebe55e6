package dev.deepfake4j.video.opencv;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.image.PixelFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Still images to and from {@link Frame}s, through OpenCV's image codecs (JPEG, PNG, BMP, TIFF, WebP, …).
 *
 * <p>Reading always yields an <em>owned</em>, tightly packed {@link PixelFormat#BGR24} frame with index 0 and
 * timestamp 0: 16-bit images are reduced to 8 bits, grey images expanded to three channels, an alpha channel is
 * dropped, and EXIF orientation is applied (OpenCV's {@code IMREAD_COLOR}). No native memory outlives a call.
 *
 * <p>Thread-safe: stateless.
 */
public final class Images {
    private Images() {
    }

    /**
     * Reads an image file.
     *
     * @param path the image file
     * @return an owned BGR24 frame of the image's size in pixels
     * @throws DeepfakeException {@link ErrorCode#FILE_NOT_FOUND} when the file does not exist,
     *         {@link ErrorCode#NOT_READABLE} when it is a folder or cannot be read, and
     *         {@link ErrorCode#UNSUPPORTED_INPUT} when OpenCV cannot decode it as an image
     */
    public static Frame read(Path path) throws DeepfakeException {
        Objects.requireNonNull(path, "path");
        if (!Files.exists(path)) {
            throw new DeepfakeException(ErrorCode.FILE_NOT_FOUND,
                    "Image not found: " + path.toAbsolutePath() + "; check the path", path, null);
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new DeepfakeException(ErrorCode.NOT_READABLE,
                    "Cannot read image " + path.toAbsolutePath() + ": not a readable regular file", path, null);
        }
        try (Mat image = imread(path.toAbsolutePath().toString(), IMREAD_COLOR)) {
            if (image.empty()) {
                throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "Not an image OpenCV can decode: "
                        + path.toAbsolutePath() + " (use JPEG, PNG, BMP, TIFF or WebP)", path, null);
            }
            return toOwnedFrame(image);
        } catch (RuntimeException e) {
            // Bytedeco turns cv::Exception into RuntimeException; a decoder can throw on a damaged file.
            throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT,
                    "OpenCV failed to decode image " + path.toAbsolutePath() + ": " + e.getMessage(), path, e);
        }
    }

    /**
     * Writes a frame as an image; the format follows the file extension ({@code .png}, {@code .jpg},
     * {@code .jpeg}). Existing files are replaced.
     *
     * @param frame the frame (RGB24 or BGR24; a view frame is read only during this call)
     * @param path the file to write; its folder must exist
     * @throws DeepfakeException {@link ErrorCode#BACKEND_FAILURE} when OpenCV cannot write the file
     * @throws IllegalArgumentException when the extension is not PNG or JPEG
     */
    public static void write(Frame frame, Path path) throws DeepfakeException {
        Objects.requireNonNull(frame, "frame");
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg"))) {
            throw new IllegalArgumentException("image file must end in .png, .jpg or .jpeg: " + path);
        }
        try (FrameMat source = FrameMat.of(frame)) {
            boolean written;
            if (frame.format() == PixelFormat.RGB24) {
                try (Mat bgr = new Mat()) {
                    cvtColor(source.mat(), bgr, COLOR_RGB2BGR);
                    written = imwrite(path.toAbsolutePath().toString(), bgr);
                }
            } else {
                written = imwrite(path.toAbsolutePath().toString(), source.mat());
            }
            if (!written) {
                throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "OpenCV could not write image "
                        + path.toAbsolutePath() + "; check that its folder exists and is writable", path, null);
            }
        } catch (RuntimeException e) {
            throw new DeepfakeException(ErrorCode.BACKEND_FAILURE,
                    "OpenCV failed to write image " + path.toAbsolutePath() + ": " + e.getMessage(), path, e);
        }
    }

    /** Copies an 8-bit 3-channel BGR Mat into a new owned, packed frame. */
    static Frame toOwnedFrame(Mat bgr) {
        if (bgr.type() != CV_8UC3) {
            throw new IllegalStateException("expected an 8-bit 3-channel image, got Mat type " + bgr.type());
        }
        int width = bgr.cols();
        int height = bgr.rows();
        byte[] pixels = new byte[width * height * 3];
        int rowBytes = width * 3;
        for (int y = 0; y < height; y++) {
            bgr.ptr(y).get(pixels, y * rowBytes, rowBytes);
        }
        return Frame.owned(0, 0, width, height, PixelFormat.BGR24, pixels);
    }
}
