package dev.deepfake4j.cli.report;

import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.image.PixelFormat;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Frames and face crops as inline JPEG data URIs (no file beside the page). Stateless. */
final class Images {
    private Images() {
    }

    /** @return a {@code data:image/jpeg;base64,…} URI of the frame */
    static String dataUri(Frame f) {
        return jpeg(f.width(), f.height(), f.format(), f.toPackedArray());
    }

    /** @return a {@code data:image/jpeg;base64,…} URI of the crop, at the size the classifier saw it */
    static String dataUri(FaceCrop c) {
        byte[] px = new byte[c.width() * c.height() * 3];
        c.pixels().get(px);
        return jpeg(c.width(), c.height(), c.format(), px);
    }

    private static String jpeg(int width, int height, PixelFormat format, byte[] src) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        boolean bgr = format == PixelFormat.BGR24;
        for (int i = 0; i < src.length; i += 3) {
            dst[i] = src[bgr ? i : i + 2];
            dst[i + 1] = src[i + 1];
            dst[i + 2] = src[bgr ? i + 2 : i];
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "jpeg", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
