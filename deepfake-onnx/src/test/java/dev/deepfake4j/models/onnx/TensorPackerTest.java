package dev.deepfake4j.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.platform.Fp16Conversions;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.image.PixelFormat;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link TensorPacker} on a 2x2 crop whose tensor values are worked out by hand.
 *
 * <p>Pixels (R, G, B), row by row: p0 = (4, 12, 10), p1 = (8, 10, 12), p2 = (14, 16, 18), p3 = (20, 22, 24).
 * Normalisation: scale 0.5, mean (1, 2, 3), std (2, 4, 0.5), i.e. channel 0: (v/2 - 1) / 2, channel 1:
 * (v/2 - 2) / 4, channel 2: (v/2 - 3) / 0.5. For an RGB spec:
 * <ul>
 *   <li>R: p0 (2 - 1) / 2 = 0.5, p1 (4 - 1) / 2 = 1.5, p2 (7 - 1) / 2 = 3, p3 (10 - 1) / 2 = 4.5;</li>
 *   <li>G: p0 (6 - 2) / 4 = 1, p1 (5 - 2) / 4 = 0.75, p2 (8 - 2) / 4 = 1.5, p3 (11 - 2) / 4 = 2.25;</li>
 *   <li>B: p0 (5 - 3) / 0.5 = 4, p1 (6 - 3) / 0.5 = 6, p2 (9 - 3) / 0.5 = 12, p3 (12 - 3) / 0.5 = 18.</li>
 * </ul>
 * For a BGR spec channel 0 is B with channel 0's normalisation: p0 (5 - 1) / 2 = 2, p1 (6 - 1) / 2 = 2.5,
 * p2 (9 - 1) / 2 = 4, p3 (12 - 1) / 2 = 5.5; channel 2 is R: p0 (2 - 3) / 0.5 = -2, p1 (4 - 3) / 0.5 = 2,
 * p2 (7 - 3) / 0.5 = 8, p3 (10 - 3) / 0.5 = 14. Every value is exact in float16.
 */
class TensorPackerTest {
    static final int[][] RGB = {{4, 12, 10}, {8, 10, 12}, {14, 16, 18}, {20, 22, 24}};
    static final float[] NCHW_RGB = {0.5f, 1.5f, 3f, 4.5f, 1f, 0.75f, 1.5f, 2.25f, 4f, 6f, 12f, 18f};
    static final float[] NHWC_RGB = {0.5f, 1f, 4f, 1.5f, 0.75f, 6f, 3f, 1.5f, 12f, 4.5f, 2.25f, 18f};
    static final float[] NCHW_BGR = {2f, 2.5f, 4f, 5.5f, 1f, 0.75f, 1.5f, 2.25f, -2f, 2f, 8f, 14f};
    static final float[] NHWC_BGR = {2f, 1f, -2f, 2.5f, 0.75f, 2f, 4f, 1.5f, 8f, 5.5f, 2.25f, 14f};

    static InputSpec spec(InputSpec.Layout layout, PixelFormat channels) {
        return InputSpec.builder(2, 2).layout(layout).channels(channels).scale(0.5f)
                .normalization(new float[] {1, 2, 3}, new float[] {2, 4, 0.5f}).build();
    }

    /** @return the crop above, its bytes in {@code format}'s order */
    static FaceCrop crop(PixelFormat format) {
        byte[] px = new byte[12];
        for (int p = 0; p < 4; p++) {
            boolean bgr = format == PixelFormat.BGR24;
            px[3 * p] = (byte) RGB[p][bgr ? 2 : 0];
            px[3 * p + 1] = (byte) RGB[p][1];
            px[3 * p + 2] = (byte) RGB[p][bgr ? 0 : 2];
        }
        return new FaceCrop(0, 0, FaceBox.of(0, 0, 2, 2, 1), 2, 2, format, px);
    }

    static float[] packFloat(InputSpec spec, List<FaceCrop> crops, int batch) {
        FloatBuffer dst = FloatBuffer.allocate(batch * 12);
        // a value the packer never writes, so an element it skips shows
        for (int i = 0; i < dst.capacity(); i++) {
            dst.put(i, Float.NaN);
        }
        new TensorPacker(spec).pack(crops, batch, dst);
        return dst.array();
    }

    static float[] packHalf(InputSpec spec, List<FaceCrop> crops, int batch) {
        ShortBuffer dst = ShortBuffer.allocate(batch * 12);
        for (int i = 0; i < dst.capacity(); i++) {
            dst.put(i, (short) 0x7E00); // float16 NaN
        }
        new TensorPacker(spec).pack(crops, batch, dst);
        float[] out = new float[dst.capacity()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Fp16Conversions.fp16ToFloat(dst.get(i));
        }
        return out;
    }

    @Test
    void nchw_float32() {
        assertThat(packFloat(spec(InputSpec.Layout.NCHW, PixelFormat.RGB24), List.of(crop(PixelFormat.RGB24)), 1))
                .containsExactly(NCHW_RGB);
    }

    @Test
    void nhwc_float32() {
        assertThat(packFloat(spec(InputSpec.Layout.NHWC, PixelFormat.RGB24), List.of(crop(PixelFormat.RGB24)), 1))
                .containsExactly(NHWC_RGB);
    }

    @Test
    void nchw_float16() {
        assertThat(packHalf(spec(InputSpec.Layout.NCHW, PixelFormat.RGB24), List.of(crop(PixelFormat.RGB24)), 1))
                .containsExactly(NCHW_RGB);
    }

    @Test
    void nhwc_float16() {
        assertThat(packHalf(spec(InputSpec.Layout.NHWC, PixelFormat.RGB24), List.of(crop(PixelFormat.RGB24)), 1))
                .containsExactly(NHWC_RGB);
    }

    @Test
    void float16_elements_are_ieee_half_bit_patterns() {
        ShortBuffer dst = ShortBuffer.allocate(12);
        new TensorPacker(spec(InputSpec.Layout.NCHW, PixelFormat.RGB24)).pack(List.of(crop(PixelFormat.RGB24)), 1,
                dst);
        // 0.5 = 0 01110 0000000000, 1.5 = 0 01111 1000000000, 18 = 0 10011 0010000000
        assertThat(dst.get(0)).isEqualTo((short) 0x3800);
        assertThat(dst.get(1)).isEqualTo((short) 0x3E00);
        assertThat(dst.get(11)).isEqualTo((short) 0x4C80);
    }

    @Test
    void a_crop_in_the_other_colour_order_is_swapped_in_every_combination() {
        List<FaceCrop> bgrCrop = List.of(crop(PixelFormat.BGR24));
        assertThat(packFloat(spec(InputSpec.Layout.NCHW, PixelFormat.RGB24), bgrCrop, 1)).containsExactly(NCHW_RGB);
        assertThat(packFloat(spec(InputSpec.Layout.NHWC, PixelFormat.RGB24), bgrCrop, 1)).containsExactly(NHWC_RGB);
        assertThat(packHalf(spec(InputSpec.Layout.NCHW, PixelFormat.RGB24), bgrCrop, 1)).containsExactly(NCHW_RGB);
        assertThat(packHalf(spec(InputSpec.Layout.NHWC, PixelFormat.RGB24), bgrCrop, 1)).containsExactly(NHWC_RGB);
    }

    @Test
    void a_bgr_model_gets_blue_first_normalised_as_its_channel_0() {
        List<FaceCrop> rgbCrop = List.of(crop(PixelFormat.RGB24));
        List<FaceCrop> bgrCrop = List.of(crop(PixelFormat.BGR24));
        assertThat(packFloat(spec(InputSpec.Layout.NCHW, PixelFormat.BGR24), rgbCrop, 1)).containsExactly(NCHW_BGR);
        assertThat(packFloat(spec(InputSpec.Layout.NHWC, PixelFormat.BGR24), bgrCrop, 1)).containsExactly(NHWC_BGR);
        assertThat(packHalf(spec(InputSpec.Layout.NCHW, PixelFormat.BGR24), bgrCrop, 1)).containsExactly(NCHW_BGR);
        assertThat(packHalf(spec(InputSpec.Layout.NHWC, PixelFormat.BGR24), rgbCrop, 1)).containsExactly(NHWC_BGR);
    }

    @Test
    void crops_follow_each_other_and_padding_rows_are_zero() {
        InputSpec spec = spec(InputSpec.Layout.NHWC, PixelFormat.RGB24);
        FaceCrop c = crop(PixelFormat.RGB24);
        float[] expected = new float[36];
        System.arraycopy(NHWC_RGB, 0, expected, 0, 12);
        System.arraycopy(NHWC_RGB, 0, expected, 12, 12);
        assertThat(packFloat(spec, List.of(c, c), 3)).containsExactly(expected);
        assertThat(packHalf(spec, List.of(c, c), 3)).containsExactly(expected);
    }

    @Test
    void shape_follows_the_layout() {
        InputSpec nchw = InputSpec.builder(3, 2).build();
        InputSpec nhwc = InputSpec.builder(3, 2).layout(InputSpec.Layout.NHWC).build();
        assertThat(new TensorPacker(nchw).shape(5)).containsExactly(5, 3, 2, 3);
        assertThat(new TensorPacker(nhwc).shape(5)).containsExactly(5, 2, 3, 3);
        assertThat(new TensorPacker(nhwc).elementsPerCrop()).isEqualTo(18);
    }
}
