package dev.deepfake4j.models.torch;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A dense float32 tensor read from a checkpoint: a shape and its elements in row-major (C) order. Whatever the
 * stored type (float32, float16, bfloat16, float64, int64, int32), the elements are held as float32, 4 bytes each.
 *
 * <p>Immutable and thread-safe: the elements are never exposed as a writable array.
 */
public final class Tensor {
    private final int[] shape;
    private final float[] values;

    /** Takes ownership of {@code values} without copying: only for arrays no one else holds. */
    Tensor(int[] shape, float[] values) {
        this.shape = shape.clone();
        this.values = values;
        long count = elementCount(this.shape);
        if (count != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + count
                    + " elements, got " + values.length);
        }
    }

    /**
     * @param shape dimensions, each at least 0 (an empty shape is a scalar of one element)
     * @param values elements in row-major order; copied
     * @return the tensor
     * @throws IllegalArgumentException when the element count does not match the shape
     */
    public static Tensor of(int[] shape, float[] values) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(values, "values");
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
        }
        return new Tensor(shape, values.clone());
    }

    /** @return a copy of the dimensions, outermost first */
    public int[] shape() {
        return shape.clone();
    }

    /** @return the number of dimensions (0 for a scalar) */
    public int rank() {
        return shape.length;
    }

    /**
     * @param axis 0-based dimension index
     * @return that dimension's size
     */
    public int dim(int axis) {
        return shape[axis];
    }

    /** @return the number of elements (the product of the dimensions) */
    public int size() {
        return values.length;
    }

    /**
     * @param index position in row-major order, 0 ≤ index &lt; {@link #size()}
     * @return that element
     */
    public float get(int index) {
        return values[index];
    }

    /** @return a read-only view of the elements in row-major order (no copy) */
    public FloatBuffer values() {
        return FloatBuffer.wrap(values).asReadOnlyBuffer();
    }

    /** @return a copy of the elements in row-major order */
    public float[] toArray() {
        return values.clone();
    }

    /**
     * @param shape dimensions
     * @return the product of the dimensions (1 for a scalar)
     */
    static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
