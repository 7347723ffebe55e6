package dev.deepfake4j.models.torch;

import java.nio.ByteBuffer;
import java.util.Optional;

/** The torch storage classes a state dict may hold, with their element size and conversion to float32. */
enum StorageType {
    FLOAT("FloatStorage", 4),
    HALF("HalfStorage", 2),
    BFLOAT16("BFloat16Storage", 2),
    DOUBLE("DoubleStorage", 8),
    LONG("LongStorage", 8),
    INT("IntStorage", 4);

    private final String className;
    private final int elementBytes;

    StorageType(String className, int elementBytes) {
        this.className = className;
        this.elementBytes = elementBytes;
    }

    /** @return bytes per element in the file */
    int elementBytes() {
        return elementBytes;
    }

    /** @return the class name after {@code torch.} in the pickle */
    String className() {
        return className;
    }

    /**
     * @param name the name after {@code torch.} in a pickle GLOBAL
     * @return the storage type it names, if any
     */
    static Optional<StorageType> byClassName(String name) {
        for (StorageType t : values()) {
            if (t.className.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * @param data storage bytes, in the file's byte order
     * @param index element index
     * @return the element as float32
     */
    float read(ByteBuffer data, int index) {
        return switch (this) {
            case FLOAT -> data.getFloat(index * 4);
            case HALF -> halfToFloat(data.getShort(index * 2));
            // bfloat16 is the upper half of a float32.
            case BFLOAT16 -> Float.intBitsToFloat((data.getShort(index * 2) & 0xFFFF) << 16);
            case DOUBLE -> (float) data.getDouble(index * 8);
            case LONG -> data.getLong(index * 8);
            case INT -> data.getInt(index * 4);
        };
    }

    /** IEEE 754 binary16 to float32 (Java 17 has no {@code Float.float16ToFloat}); exact for every value. */
    static float halfToFloat(short half) {
        int bits = half & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Zero or subnormal: mantissa * 2^-24, exact in float32.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
