package dev.deepfake4j.models.onnx;

import ai.onnxruntime.platform.Fp16Conversions;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.FaceCrop;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.List;

/**
 * Packs 8-bit face crops into a model's input tensor, for either layout (NCHW, NHWC) and either element type
 * (float32, float16): the layout is a pair of index strides. Each crop is read with one bulk copy, converted in a
 * plain array loop and written with one bulk copy: the launcher's C1-only JIT compiles that into a tight loop, where a
 * buffer access per element through an interface was most of the 0.6 s of Java time the classifying thread spent
 * on the 9 labelled clips ({@code perf}; docs/benchmarks.md).
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
        byte[] samples = new byte[elementsPerCrop];
        float[] elements = new float[elementsPerCrop];
        for (int i = 0; i < crops.size(); i++) {
            FaceCrop crop = crops.get(i);
            crop.pixels().get(0, samples);
            int s0 = swapped(crop) ? 2 : 0;
            int s2 = 2 - s0;
            float[] t0 = floatTable[0];
            float[] t1 = floatTable[1];
            float[] t2 = floatTable[2];
            for (int p = 0, s = 0; p < plane; p++, s += 3) {
                int d = p * pixelStride;
                elements[d] = t0[samples[s + s0] & 0xFF];
                elements[d + channelStride] = t1[samples[s + 1] & 0xFF];
                elements[d + 2 * channelStride] = t2[samples[s + s2] & 0xFF];
            }
            dst.put(i * elementsPerCrop, elements);
        }
        if (crops.size() < batch) {
            dst.put(crops.size() * elementsPerCrop, new float[(batch - crops.size()) * elementsPerCrop]);
        }
    }

    /**
     * Writes crops as float16 elements (IEEE half precision bit patterns).
     *
     * @param crops crops of the spec's size, at most {@code batch}
     * @param batch rows of the tensor; those past the crops are zeroed
     * @param dst the tensor, indexed from 0, at least {@code batch × elementsPerCrop()} elements
     */
    void pack(List<FaceCrop> crops, int batch, ShortBuffer dst) {
        byte[] samples = new byte[elementsPerCrop];
        short[] elements = new short[elementsPerCrop];
        for (int i = 0; i < crops.size(); i++) {
            FaceCrop crop = crops.get(i);
            crop.pixels().get(0, samples);
            int s0 = swapped(crop) ? 2 : 0;
            int s2 = 2 - s0;
            short[] t0 = halfTable[0];
            short[] t1 = halfTable[1];
            short[] t2 = halfTable[2];
            for (int p = 0, s = 0; p < plane; p++, s += 3) {
                int d = p * pixelStride;
                elements[d] = t0[samples[s + s0] & 0xFF];
                elements[d + channelStride] = t1[samples[s + 1] & 0xFF];
                elements[d + 2 * channelStride] = t2[samples[s + s2] & 0xFF];
            }
            dst.put(i * elementsPerCrop, elements);
        }
        if (crops.size() < batch) {
            dst.put(crops.size() * elementsPerCrop, new short[(batch - crops.size()) * elementsPerCrop]);
        }
    }

    /** Whether the crop's colour order is the other one than the spec's, so channels 0 and 2 trade places. */
    private boolean swapped(FaceCrop crop) {
        return crop.format() != spec.channels();
    }
}
