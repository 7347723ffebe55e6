package dev.deepfake4j.models.keras;

import dev.deepfake4j.testing.TestAssets;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** The shared face crops as MesoNet input: 256 x 256, nearest-neighbour resized, RGB / 255, NCHW. */
final class FaceCrops {
    private FaceCrops() {
    }

    /** @return every crop under images/face_crops/mesonet and images/face_crops/dfdc, sorted by path */
    static List<Path> all() {
        try (Stream<Path> mesonet = Files.list(TestAssets.require("images/face_crops/mesonet"));
                Stream<Path> dfdc = Files.list(TestAssets.require("images/face_crops/dfdc"))) {
            return Stream.concat(mesonet, dfdc).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param crops images to stack
     * @return float32 [crops.size(), 3, 256, 256] in row-major order
     */
    static float[] batch(List<Path> crops) {
        int plane = MesoNetImporter.INPUT_SIZE * MesoNetImporter.INPUT_SIZE;
        float[] batch = new float[crops.size() * 3 * plane];
        for (int n = 0; n < crops.size(); n++) {
            float[] one = tensor(crops.get(n));
            System.arraycopy(one, 0, batch, n * 3 * plane, one.length);
        }
        return batch;
    }

    /** Nearest neighbour as PIL (which Keras' loader calls) does it: source pixel floor((x + 0.5) * in / out). */
    static float[] tensor(Path image) {
        BufferedImage img;
        try {
            img = ImageIO.read(image.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int size = MesoNetImporter.INPUT_SIZE;
        int plane = size * size;
        float[] chw = new float[3 * plane];
        for (int y = 0; y < size; y++) {
            int sy = Math.min((int) ((y + 0.5) * img.getHeight() / size), img.getHeight() - 1);
            for (int x = 0; x < size; x++) {
                int sx = Math.min((int) ((x + 0.5) * img.getWidth() / size), img.getWidth() - 1);
                int rgb = img.getRGB(sx, sy);
                chw[y * size + x] = ((rgb >> 16) & 0xFF) / 255f;
                chw[plane + y * size + x] = ((rgb >> 8) & 0xFF) / 255f;
                chw[2 * plane + y * size + x] = (rgb & 0xFF) / 255f;
            }
        }
        return chw;
    }
}
