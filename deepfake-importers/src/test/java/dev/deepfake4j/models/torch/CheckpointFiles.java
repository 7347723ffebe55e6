package dev.deepfake4j.models.torch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes torch zip-format checkpoints for tests: the layout {@code torch.save} uses, from hand-made pickles. */
public final class CheckpointFiles {
    private CheckpointFiles() {
    }

    /**
     * Writes {@code {"epoch": 1, "state_dict": OrderedDict(module.<key>: float32 tensor, …)}} with torch's
     * {@code _metadata} attribute set by BUILD, as a DataParallel training script saves it.
     *
     * @param file where to write
     * @param stateDict tensors to write, in order
     */
    public static void writeStateDict(Path file, Map<String, Tensor> stateDict) throws IOException {
        PickleBytes p = new PickleBytes().proto().emptyDict().mark()
                .string("epoch").integer(1)
                .string("state_dict").orderedDict().mark();
        Map<String, byte[]> storages = new LinkedHashMap<>();
        int key = 0;
        for (Map.Entry<String, Tensor> e : stateDict.entrySet()) {
            Tensor t = e.getValue();
            int[] shape = t.shape();
            int[] stride = new int[shape.length];
            int s = 1;
            for (int i = shape.length - 1; i >= 0; i--) {
                stride[i] = s;
                s *= shape[i];
            }
            String storageKey = Integer.toString(key++);
            p.string("module." + e.getKey()).tensor("FloatStorage", storageKey, t.size(), 0, shape, stride);
            ByteBuffer bytes = ByteBuffer.allocate(t.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(t.values());
            storages.put(storageKey, bytes.array());
        }
        p.setItems();
        // OrderedDict state: {"_metadata": {}} as torch writes it.
        p.emptyDict().mark().string("_metadata").orderedDict().setItems().build();
        p.setItems().stop();
        writeZip(file, "checkpoint", p.toByteArray(), storages);
    }

    /**
     * @param file where to write
     * @param folder the archive folder name
     * @param pickle the bytes of {@code data.pkl}
     * @param storages storage key → raw bytes
     */
    static void writeZip(Path file, String folder, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        writeZip(file, folder, pickle, storages, false);
    }

    /**
     * @param deflate whether to compress the entries (torch stores them; a zip bomb compresses)
     * @see #writeZip(Path, String, byte[], Map)
     */
    static void writeZip(Path file, String folder, byte[] pickle, Map<String, byte[]> storages, boolean deflate)
            throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            entry(zip, folder + "/data.pkl", pickle, deflate);
            entry(zip, folder + "/byteorder", "little".getBytes(StandardCharsets.US_ASCII), deflate);
            for (Map.Entry<String, byte[]> s : storages.entrySet()) {
                entry(zip, folder + "/data/" + s.getKey(), s.getValue(), deflate);
            }
            entry(zip, folder + "/version", "3\n".getBytes(StandardCharsets.US_ASCII), deflate);
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes, boolean deflate) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(deflate ? ZipEntry.DEFLATED : ZipEntry.STORED);
        if (!deflate) {
            CRC32 crc = new CRC32();
            crc.update(bytes);
            entry.setSize(bytes.length);
            entry.setCompressedSize(bytes.length);
            entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }
}
