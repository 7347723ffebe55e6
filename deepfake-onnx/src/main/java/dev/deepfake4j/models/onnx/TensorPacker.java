package dev.deepfake4j.models.onnx;

import ai.onnxruntime.platform.Fp16Conversions;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.FaceCrop;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.List;

/**
 * Packs 8-bit face crops into a model's input tensor, for either layout (NCHW, NHWC) and either element type
 * (float32, float16), in one loop: the layout is a pair of index strides, the element type a small writer.
 *
 * <p>Each 8-bit sample {@code v} of channel {@code c} (in the spec's channel order) becomes
 * {@code (v * scale - mean[c]) / std[c]}, looked up in a 256-entry table per channel computed once with
 * {@link InputSpec#normalize(int, int)}; float16 tables hold that float rounded to half precision. Crops in the
 * other colour order than the spec's are swapped on the fly. Rows of the batch beyond the crops are zeros.
 *
 * <p>Immutable after construction and thread-safe: {@link #pack} writes only into the buffer it is given.
 */
final class TensorPacker {
    private final InputSpec spec;
    private final int plane;
    private final int elementsPerCrop;
    /** Distance in the tensor between one pixel's value of a channel and the next pixel's. */
    private final int pixelStride;
    /** Distance in the tensor between one pixel's values of neighbouring channels. */
    private final int channelStride;
    private final float[][] floatTable = new float[3][256];
    private final short[][] halfTable = new short[3][256];

    /** @param spec size, layout, channel order and normalisation of the model's input */
    TensorPacker(InputSpec spec) {
        this.spec = spec;
        this.plane = spec.width() * spec.height();
        this.elementsPerCrop = 3 * plane;
        boolean nchw = spec.layout() == InputSpec.Layout.NCHW;
        this.pixelStride = nchw ? 1 : 3;
        this.channelStride = nchw ? plane : 1;
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                floatTable[c][v] = spec.normalize(v, c);
                halfTable[c][v] = Fp16Conversions.floatToFp16(floatTable[c][v]);
            }
        }
    }

    /** @return tensor elements per crop: {@code 3 × width × height} */
    int elementsPerCrop() {
        return elementsPerCrop;
    }

    /**
     * @param batch crops in the tensor
     * @return the tensor's shape: {@code [batch, 3, height, width]} or {@code [batch, height, width, 3]}
     */
    long[] shape(int batch) {
        return spec.layout() == InputSpec.Layout.NCHW
                ? new long[] {batch, 3, spec.height(), spec.width()}
                : new long[] {batch, spec.height(), spec.width(), 3};
    }

    /**
     * Writes crops as float32 elements.
     *
     * @param crops crops of the spec's size, at most {@code batch}
     * @param batch rows of the tensor; those past the crops are zeroed
     * @param dst the tensor, indexed from 0, at least {@code batch × elementsPerCrop()} elements
     */
    void pack(List<FaceCrop> crops, int batch, FloatBuffer dst) {
        fill(crops, batch, new FloatWriter(dst, floatTable));
    }

    /**
     * Writes crops as float16 elements (IEEE half precision bit patterns).
     *
     * @param crops crops of the spec's size, at most {@code batch}
     * @param batch rows of the tensor; those past the crops are zeroed
     * @param dst the tensor, indexed from 0, at least {@code batch × elementsPerCrop()} elements
     */
    void pack(List<FaceCrop> crops, int batch, ShortBuffer dst) {
        fill(crops, batch, new HalfWriter(dst, halfTable));
    }

    private void fill(List<FaceCrop> crops, int batch, ElementWriter dst) {
        for (int i = 0; i < crops.size(); i++) {
            FaceCrop crop = crops.get(i);
            ByteBuffer px = crop.pixels();
            boolean swap = crop.format() != spec.channels();
            int s0 = swap ? 2 : 0;
            int s2 = swap ? 0 : 2;
            int base = i * elementsPerCrop;
            for (int p = 0, s = 0; p < plane; p++, s += 3) {
                int d = base + p * pixelStride;
                dst.put(d, 0, px.get(s + s0) & 0xFF);
                dst.put(d + channelStride, 1, px.get(s + 1) & 0xFF);
                dst.put(d + 2 * channelStride, 2, px.get(s + s2) & 0xFF);
            }
        }
        for (int e = crops.size() * elementsPerCrop; e < batch * elementsPerCrop; e++) {
            dst.zero(e);
        }
    }

    /** Writes one tensor element of the precision at hand. */
    private interface ElementWriter {
        /** Writes the normalised value of 8-bit sample {@code value} of {@code channel} at {@code index}. */
        void put(int index, int channel, int value);

        /** Writes 0 at {@code index}. */
        void zero(int index);
    }

    private record FloatWriter(FloatBuffer dst, float[][] table) implements ElementWriter {
        @Override
        public void put(int index, int channel, int value) {
            dst.put(index, table[channel][value]);
        }

        @Override
        public void zero(int index) {
            dst.put(index, 0f);
        }
    }

    private record HalfWriter(ShortBuffer dst, short[][] table) implements ElementWriter {
        @Override
        public void put(int index, int channel, int value) {
            dst.put(index, table[channel][value]);
        }

        @Override
        public void zero(int index) {
            dst.put(index, (short) 0);
        }
    }
}
