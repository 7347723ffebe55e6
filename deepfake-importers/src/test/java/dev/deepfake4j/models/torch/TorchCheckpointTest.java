package dev.deepfake4j.models.torch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfake4j.testing.TestAssets;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading state dicts from both torch formats, and the tensor layouts a pickle can describe. */
class TorchCheckpointTest {
    private static final String DIR = "models/checkpoints/";

    @TempDir
    Path tmp;

    @Test
    void zipFixtureHoldsTheB0StateDictWithoutTheModulePrefix() throws Exception {
        Map<String, Tensor> sd = TorchCheckpoint.readStateDict(TestAssets.require(DIR + "dfdc_b0_random.zip.pth"));

        // SOURCES.md: 362 entries; DeepFakeClassifier(tf_efficientnet_b0_ns) starts with the stem, ends with fc.
        assertThat(sd).hasSize(362);
        assertThat(sd.keySet()).first().isEqualTo("encoder.conv_stem.weight");
        assertThat(sd.keySet()).last().isEqualTo("fc.bias");
        assertThat(sd.keySet()).noneMatch(k -> k.startsWith("module."));
        assertThat(sd.get("encoder.conv_stem.weight").shape()).containsExactly(32, 3, 3, 3);
        assertThat(sd.get("fc.weight").shape()).containsExactly(1, 1280);
        assertThat(sd.get("encoder.bn1.num_batches_tracked").shape()).isEmpty();
    }

    @Test
    void legacyAndZipFixturesHoldTheSameTensors() throws Exception {
        Map<String, Tensor> zip = TorchCheckpoint.readStateDict(TestAssets.require(DIR + "dfdc_b0_random.zip.pth"));
        Map<String, Tensor> legacy = TorchCheckpoint.readStateDict(TestAssets.require(DIR
                + "dfdc_b0_random.legacy.pth"));

        assertThat(List.copyOf(legacy.keySet())).isEqualTo(List.copyOf(zip.keySet()));
        for (String key : zip.keySet()) {
            assertThat(legacy.get(key).shape()).as(key).isEqualTo(zip.get(key).shape());
            assertThat(legacy.get(key).toArray()).as(key).isEqualTo(zip.get(key).toArray());
        }
    }

    @Test
    void halfPrecisionStorageBecomesExactFloats() throws Exception {
        // binary16: 0x3C00 = 1, 0xC100 = -2.5, 0x0400 = 2^-14 (smallest normal), 0x0001 = 2^-24, 0x7BFF = 65504.
        short[] halves = {0x3C00, (short) 0xC100, 0x0400, 0x0001, 0x7BFF};
        ByteBuffer bytes = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        for (short h : halves) {
            bytes.putShort(h);
        }
        Path file = write(new PickleBytes().proto().emptyDict().mark()
                .string("w").tensor("HalfStorage", "0", 5, 0, new int[] {5}, new int[] {1})
                .setItems().stop(), Map.of("0", bytes.array()));

        Tensor w = TorchCheckpoint.readStateDict(file).get("w");

        assertThat(w.toArray()).containsExactly(1f, -2.5f, 0x1p-14f, 0x1p-24f, 65504f);
    }

    @Test
    void stridesAndOffsetsSelectTheRightStorageElements() throws Exception {
        Path file = write(new PickleBytes().proto().emptyDict().mark()
                // A 3x2 transposed view of the 2x3 matrix [[0,1,2],[3,4,5]].
                .string("transposed").tensor("FloatStorage", "0", 6, 0, new int[] {3, 2}, new int[] {1, 3})
                // Two elements from element 2 of the same storage.
                .string("slice").tensor("FloatStorage", "0", 6, 2, new int[] {2}, new int[] {1})
                .setItems().stop(), Map.of("0", floats(0, 1, 2, 3, 4, 5)));

        Map<String, Tensor> sd = TorchCheckpoint.readStateDict(file);

        assertThat(sd.get("transposed").toArray()).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(sd.get("slice").toArray()).containsExactly(2, 3);
    }

    @Test
    void wrappedOrderedDictKeepsTheFileOrderAndDropsItsMetadata() throws Exception {
        Map<String, Tensor> written = new LinkedHashMap<>();
        written.put("z.weight", Tensor.of(new int[] {2}, new float[] {1, 2}));
        written.put("a.weight", Tensor.of(new int[] {1, 1}, new float[] {3}));
        written.put("m.bias", Tensor.of(new int[] {}, new float[] {4}));
        Path file = tmp.resolve("wrapped.pth");
        CheckpointFiles.writeStateDict(file, written);

        Map<String, Tensor> sd = TorchCheckpoint.readStateDict(file);

        assertThat(List.copyOf(sd.keySet())).containsExactly("z.weight", "a.weight", "m.bias");
        assertThat(sd.get("a.weight").shape()).containsExactly(1, 1);
        assertThat(sd.get("m.bias").get(0)).isEqualTo(4f);
    }

    @Test
    void int64CountersAreReadAsFloats() throws Exception {
        ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 12345);
        Path file = write(new PickleBytes().proto().emptyDict().mark()
                .string("bn.num_batches_tracked").tensor("LongStorage", "7", 1, 0, new int[] {}, new int[] {})
                .setItems().stop(), Map.of("7", bytes.array()));

        assertThat(TorchCheckpoint.readStateDict(file).get("bn.num_batches_tracked").get(0)).isEqualTo(12345f);
    }

    private Path write(PickleBytes pickle, Map<String, byte[]> storages) throws Exception {
        Path file = tmp.resolve("made.pth");
        CheckpointFiles.writeZip(file, "archive", pickle.toByteArray(), storages);
        return file;
    }

    static byte[] floats(float... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes.array();
    }
}
