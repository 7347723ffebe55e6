package dev.deepfake4j.models.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.testing.TestAssets;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged and hostile checkpoints are refused with MODEL_INVALID naming the file and the problem. */
class TorchCheckpointDamageTest {
    private static final String DIR = "models/checkpoints/";

    @TempDir
    Path tmp;

    @Test
    void truncatedLegacyCheckpointIsInvalid() throws Exception {
        Path file = prefixOf(TestAssets.require(DIR + "dfdc_b0_random.legacy.pth"), 10_000_000, "legacy.pth");

        DeepfakeException e = refused(file);

        assertThat(e.getMessage()).contains("truncated");
    }

    @Test
    void legacyCheckpointCutInsideThePickleIsInvalid() throws Exception {
        Path file = prefixOf(TestAssets.require(DIR + "dfdc_b0_random.legacy.pth"), 20_000, "cut.pth");

        refused(file);
    }

    @Test
    void truncatedZipCheckpointIsInvalid() throws Exception {
        Path file = prefixOf(TestAssets.require(DIR + "dfdc_b0_random.zip.pth"), 10_000_000, "zip.pth");

        refused(file);
    }

    @Test
    void storageShorterThanItsTensorIsInvalid() throws Exception {
        // Declares 6 float32 elements (24 bytes) but the entry holds 4.
        Path file = zip(new PickleBytes().proto().emptyDict().mark()
                .string("w").tensor("FloatStorage", "0", 6, 0, new int[] {2, 3}, new int[] {3, 1})
                .setItems().stop(), Map.of("0", TorchCheckpointTest.floats(1, 2, 3, 4)));

        DeepfakeException e = refused(file);

        assertThat(e.getMessage()).contains("shorter than the 24 bytes");
    }

    @Test
    void tensorReachingPastItsStorageIsInvalid() throws Exception {
        // 2x3 from offset 2 needs elements 2..7 of a 6-element storage.
        Path file = zip(new PickleBytes().proto().emptyDict().mark()
                .string("w").tensor("FloatStorage", "0", 6, 2, new int[] {2, 3}, new int[] {3, 1})
                .setItems().stop(), Map.of("0", TorchCheckpointTest.floats(1, 2, 3, 4, 5, 6)));

        DeepfakeException e = refused(file);

        assertThat(e.getMessage()).contains("w reaches element 7");
    }

    @Test
    void unknownGlobalIsRefusedWithoutBeingCalled() throws Exception {
        Path marker = tmp.resolve("pwned");
        Path file = zip(new PickleBytes().proto()
                .global("os", "system").mark().string("touch " + marker).tuple().reduce()
                .stop(), Map.of());

        DeepfakeException e = refused(file);

        assertThat(e.getMessage()).contains("os.system");
        assertThat(marker).doesNotExist();
    }

    @Test
    void reduceOnAStorageClassIsRefused() throws Exception {
        Path file = zip(new PickleBytes().proto()
                .global("torch", "FloatStorage").mark().integer(10).tuple().reduce()
                .stop(), Map.of());

        assertThat(refused(file).getMessage()).contains("REDUCE on torch.FloatStorage");
    }

    @Test
    void objectConstructionOpcodeIsRefused() throws Exception {
        // INST 'i' builds an instance of a named class; state dicts never use it.
        PickleBytes pickle = new PickleBytes().proto().mark().raw('i');
        for (byte b : "builtins\nobject\n".getBytes(StandardCharsets.US_ASCII)) {
            pickle.raw(b);
        }
        Path file = zip(pickle.stop(), Map.of());

        assertThat(refused(file).getMessage()).contains("opcode 0x69");
    }

    @Test
    void malformedPickleIsInvalidNotACrash() throws Exception {
        // REDUCE on an empty stack.
        Path file = zip(new PickleBytes().proto().reduce().stop(), Map.of());

        refused(file);
    }

    @Test
    void hugeStringLengthIsRefusedBeforeAllocation() throws Exception {
        // BINUNICODE claiming 2 GB in a pickle of a few bytes.
        Path file = zip(new PickleBytes().proto().raw('X', 0xFF, 0xFF, 0xFF, 0x7F).stop(), Map.of());

        assertThat(refused(file).getMessage()).contains("bytes are left");
    }

    @Test
    void deflatedStorageBombIsRefusedBeforeItIsInflated() throws Exception {
        // 64 MB of zeros deflate to ~64 KB; the pickle declares a tensor over all of them.
        int elements = 16 << 20;
        Path file = tmp.resolve("bomb.pth");
        CheckpointFiles.writeZip(file, "archive", new PickleBytes().proto().emptyDict().mark()
                .string("w").tensor("FloatStorage", "0", elements, 0, new int[] {elements}, new int[] {1})
                .setItems().stop().toByteArray(), Map.of("0", new byte[elements * 4]), true);
        assertThat(Files.size(file)).isLessThan(1 << 20);

        assertThat(refused(file).getMessage()).contains("zip bomb").contains("archive/data/0");
    }

    @Test
    void absurdStorageSizeIsRefusedWhenDeclared() throws Exception {
        // A storage of 2^40 float32 elements (4 TB) in a file of a few hundred bytes.
        PickleBytes p = new PickleBytes().proto().emptyDict().mark().string("w")
                .global("torch._utils", "_rebuild_tensor_v2").mark()
                .mark().string("storage").global("torch", "FloatStorage").string("0").string("cpu")
                .raw(0x8a, 6, 0, 0, 0, 0, 0, 1) // LONG1: 2^40
                .tuple().persistentId();
        Path file = zip(p.integer(0).mark().integer(1).tuple().mark().integer(1).tuple().newFalse().orderedDict()
                .tuple().reduce().setItems().stop(), Map.of());

        assertThat(refused(file).getMessage()).contains("storage 0 declares 1099511627776 elements");
    }

    @Test
    void absurdTensorShapeIsRefusedBeforeAllocation() throws Exception {
        // 65536^3 elements over a 4-element storage: the element count overflows an int (and nearly a long).
        Path file = zip(new PickleBytes().proto().emptyDict().mark()
                .string("w").tensor("FloatStorage", "0", 4, 0, new int[] {65536, 65536, 65536}, new int[] {0, 0, 0})
                .setItems().stop(), Map.of("0", TorchCheckpointTest.floats(1, 2, 3, 4)));

        assertThat(refused(file).getMessage()).contains("over 2^31 elements");
    }

    @Test
    void optimizerStateOfATrainingDictIsNeverRead() throws Exception {
        // {'net': {'w': tensor}, 'opt': {'state': {0: {'exp_avg': tensor of 2^28 elements}}}} whose optimizer
        // storage is not even in the file: only the weights under 'net' are read.
        for (String wrapper : new String[] {"net", "model"}) {
            Path file = zip(new PickleBytes().proto().emptyDict().mark()
                    .string(wrapper).emptyDict().mark()
                    .string("w").tensor("FloatStorage", "0", 2, 0, new int[] {2}, new int[] {1})
                    .setItems()
                    .string("opt").emptyDict().mark().string("state").emptyDict().mark().integer(0)
                    .emptyDict().mark().string("exp_avg")
                    .tensor("FloatStorage", "1", 1 << 28, 0, new int[] {1 << 28}, new int[] {1})
                    .setItems().setItems().setItems()
                    .string("epoch").integer(99)
                    .setItems().stop(), Map.of("0", TorchCheckpointTest.floats(1, 2)));

            Map<String, Tensor> read = TorchCheckpoint.readStateDict(file);

            assertThat(read).containsOnlyKeys("w");
            assertThat(read.get("w").toArray()).containsExactly(1f, 2f);
        }
    }

    @Test
    void entryThatIsNotATensorIsInvalid() throws Exception {
        Path file = zip(new PickleBytes().proto().emptyDict().mark().string("w").integer(3).setItems().stop(),
                Map.of());

        assertThat(refused(file).getMessage()).contains("entry w is not a tensor");
    }

    @Test
    void textFileIsNotACheckpoint() throws Exception {
        Path file = tmp.resolve("notes.pth");
        Files.writeString(file, "not a checkpoint\n");

        assertThat(refused(file).getMessage()).contains("neither torch's zip format nor its legacy");
    }

    @Test
    void missingFileIsNotFound() {
        Path file = tmp.resolve("absent.pth");

        DeepfakeException e = catchThrowableOfType(() -> TorchCheckpoint.readStateDict(file),
                DeepfakeException.class);

        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThat(e.getMessage()).contains(file.toString());
    }

    private static DeepfakeException refused(Path file) {
        DeepfakeException e = catchThrowableOfType(() -> TorchCheckpoint.readStateDict(file),
                DeepfakeException.class);
        assertThat(e).as("reading %s should fail", file).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID);
        assertThat(e.getMessage()).contains(file.toString());
        assertThat(e.path()).contains(file);
        return e;
    }

    private Path zip(PickleBytes pickle, Map<String, byte[]> storages) throws Exception {
        Path file = tmp.resolve("hostile.pth");
        CheckpointFiles.writeZip(file, "archive", pickle.toByteArray(), storages);
        return file;
    }

    private Path prefixOf(Path source, int bytes, String name) throws Exception {
        Path file = tmp.resolve(name);
        try (InputStream in = Files.newInputStream(source)) {
            Files.write(file, in.readNBytes(bytes));
        }
        return file;
    }
}
