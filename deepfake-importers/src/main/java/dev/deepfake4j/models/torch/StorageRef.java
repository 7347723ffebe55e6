package dev.deepfake4j.models.torch;

/**
 * A storage named by a pickle persistent id: its element type, its key (the zip entry name under {@code data/}, or
 * the legacy format's key), and the element count the pickle claims for it.
 */
record StorageRef(StorageType type, String key, long elements) {
}
