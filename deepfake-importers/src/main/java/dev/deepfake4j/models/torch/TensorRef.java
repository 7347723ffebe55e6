package dev.deepfake4j.models.torch;

/**
 * A tensor as the pickle describes it, before its storage is read: element {@code (i0, i1, …)} is storage element
 * {@code offset + Σ ik·stride[k]}.
 */
record TensorRef(StorageRef storage, long offset, int[] shape, long[] stride) {
}
