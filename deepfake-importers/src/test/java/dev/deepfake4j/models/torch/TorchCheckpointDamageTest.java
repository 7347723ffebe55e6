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
