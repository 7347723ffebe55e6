package dev.deepfake4j.models.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.testing.TestAssets;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files that are not intact MesoNet weights: each is a DeepfakeException with the right code, naming the file. */
class MesoNetImporterBadInputTest {
    @TempDir
    Path dir;

    private static Path meso4Df() {
        return TestAssets.require("models/deepfake/mesonet/Meso4_DF.h5");
    }

    private static Path mesoInceptionDf() {
        return TestAssets.require("models/deepfake/mesonet/MesoInception_DF.h5");
    }

    private static DeepfakeException importFailure(Path file, Architecture architecture) {
        return catchThrowableOfType(DeepfakeException.class, () -> MesoNetImporter.importOnnx(file, architecture));
    }

    @Test
    void fileCutInHalfIsInvalidAndNamedInTheMessage() throws Exception {
        byte[] whole = Files.readAllBytes(meso4Df());
        Path truncated = Files.write(dir.resolve("Meso4_DF.h5"), Arrays.copyOf(whole, whole.length / 2));

        DeepfakeException e = importFailure(truncated, Architecture.MESO4);

        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID);
        assertThat(e.getMessage()).contains(truncated.toString()).contains("truncated");
        assertThat(e.path()).contains(truncated);
    }

    @ParameterizedTest(name = "first {0} per mille")
    @ValueSource(ints = {1, 5, 50, 100, 250, 400, 600, 750, 900, 990, 999})
    void fileCutAnywhereIsInvalid(int perMille) throws Exception {
        byte[] whole = Files.readAllBytes(mesoInceptionDf());
        Path truncated = Files.write(dir.resolve("cut.h5"), Arrays.copyOf(whole, whole.length * perMille / 1000));

        assertThat(importFailure(truncated, Architecture.MESO_INCEPTION4).code()).isEqualTo(ErrorCode.MODEL_INVALID);
    }

    @Test
    void fileMissingItsLastByteIsInvalid() throws Exception {
        byte[] whole = Files.readAllBytes(meso4Df());
        Path truncated = Files.write(dir.resolve("cut.h5"), Arrays.copyOf(whole, whole.length - 1));

        assertThat(importFailure(truncated, Architecture.MESO4).getMessage()).contains("truncated");
    }

    @Test
    @Timeout(120)
    void corruptedBytesEitherImportOrAreInvalidButNeverEscapeUnchecked() throws Exception {
        // Corruption inside weight values cannot be seen without a checksum (the registry checks SHA-256); what
        // must hold is that the importer ends, and ends with a model or MODEL_INVALID.
        byte[] whole = Files.readAllBytes(mesoInceptionDf());
        Random random = new Random(7);
        Path file = dir.resolve("corrupt.h5");
        int invalid = 0;
        for (int i = 0; i < 300; i++) {
            byte[] corrupt = whole.clone();
            for (int j = 0; j < 4; j++) {
                // Half the damage lands in the first 4 KiB, where the superblock and group headers are.
                int at = j % 2 == 0 ? random.nextInt(4096) : random.nextInt(corrupt.length);
                corrupt[at] = (byte) random.nextInt(256);
            }
            Files.write(file, corrupt);
            try {
                MesoNetImporter.importOnnx(file);
            } catch (DeepfakeException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID);
                invalid++;
            }
        }
        assertThat(invalid).as("corruptions reported as MODEL_INVALID").isPositive();
    }

    @Test
    void randomBytesAreInvalid() throws Exception {
        byte[] noise = new byte[156_128];
        new Random(42).nextBytes(noise);
        Path garbage = Files.write(dir.resolve("noise.h5"), noise);

        DeepfakeException e = importFailure(garbage, Architecture.MESO4);

        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID);
        assertThat(e.getMessage()).contains(garbage.toString()).contains("not a readable HDF5 file");
    }

    @Test
    void emptyFileIsInvalid() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.h5"));

        assertThat(importFailure(empty, Architecture.MESO4).code()).isEqualTo(ErrorCode.MODEL_INVALID);
    }

    @Test
    void hdf5FileThatKerasDidNotWriteIsInvalid() {
        Path other = dir.resolve("other.h5");
        try (WritableHdfFile hdf = HdfFile.write(other)) {
            hdf.putDataset("numbers", new float[] {1, 2, 3});
        }

        DeepfakeException e = importFailure(other, Architecture.MESO4);

        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID);
        assertThat(e.getMessage()).contains(other.toString()).contains("no 'layer_names' attribute");
    }

    @Test
    void mesoInceptionWeightsGivenAsMeso4AreInvalid() {
        Path file = mesoInceptionDf();

        DeepfakeException e = importFailure(file, Architecture.MESO4);

        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID);
        assertThat(e.getMessage()).contains(file.toString()).contains("16 Conv2D layers").contains("MesoNet-4 has 4");
    }

    @Test
    void meso4WeightsGivenAsMesoInceptionAreInvalid() {
        Path file = meso4Df();

        DeepfakeException e = importFailure(file, Architecture.MESO_INCEPTION4);

        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID);
        assertThat(e.getMessage()).contains("4 Conv2D layers").contains("MesoInception-4 has 16");
    }

    @Test
    void missingFileIsModelNotFound() {
        Path missing = dir.resolve("Meso4_DF.h5");

        DeepfakeException e = importFailure(missing, Architecture.MESO4);

        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThat(e.getMessage()).contains(missing.toString());
    }

    @Test
    void folderIsNotReadable() {
        assertThat(importFailure(dir, Architecture.MESO4).code()).isEqualTo(ErrorCode.NOT_READABLE);
    }

    @Test
    void faithfulRewriteImportsToTheSameModel() throws Exception {
        // Guards the layout tests below: the rewriting itself changes nothing the importer sees. Same file name,
        // because the model's doc string names the file.
        Path copy = dir.resolve("Meso4_DF.h5");
        KerasFileWriter.write(copy, KerasWeightsFile.readWeightedLayers(meso4Df()));

        assertThat(MesoNetImporter.importOnnx(copy, Architecture.MESO4))
                .isEqualTo(MesoNetImporter.importOnnx(meso4Df(), Architecture.MESO4));
    }

    @Test
    void missingLastLayerIsInvalidAndSaysWhichLayer() throws Exception {
        List<KerasWeightsFile.Layer> layers = new ArrayList<>(KerasWeightsFile.readWeightedLayers(meso4Df()));
        layers.remove(layers.size() - 1);
        Path file = dir.resolve("no_last_dense.h5");
        KerasFileWriter.write(file, layers);

        DeepfakeException e = importFailure(file, Architecture.MESO4);

        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID);
        assertThat(e.getMessage()).contains(file.toString())
                .contains("weighted layer 10 should be a Dense layer with a 16x1 kernel");
    }

    @Test
    void kernelOfTheWrongShapeIsInvalidAndSaysWhichLayer() throws Exception {
        List<KerasWeightsFile.Layer> layers = new ArrayList<>(KerasWeightsFile.readWeightedLayers(meso4Df()));
        KerasWeightsFile.Layer conv = layers.get(0);
        KerasWeightsFile.Tensor kernel = conv.weight("kernel:0");
        // Same 216 numbers, read as 3x3x6x4 instead of 3x3x3x8.
        layers.set(0, new KerasWeightsFile.Layer(conv.name(), List.of(
                new KerasWeightsFile.Tensor(kernel.name(), new int[] {3, 3, 6, 4}, kernel.values()),
                conv.weight("bias:0"))));
        Path file = dir.resolve("bad_kernel.h5");
        KerasFileWriter.write(file, layers);

        DeepfakeException e = importFailure(file, Architecture.MESO4);

        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID);
        assertThat(e.getMessage()).contains("'" + conv.name() + "'").contains("3x3x3x8").contains("[3, 3, 6, 4]");
    }

    @Test
    void batchNormWithoutMovingVarianceIsInvalid() throws Exception {
        List<KerasWeightsFile.Layer> layers = new ArrayList<>(KerasWeightsFile.readWeightedLayers(meso4Df()));
        KerasWeightsFile.Layer bn = layers.get(1);
        layers.set(1, new KerasWeightsFile.Layer(bn.name(), bn.weights().subList(0, 3)));
        Path file = dir.resolve("bn_without_variance.h5");
        KerasFileWriter.write(file, layers);

        DeepfakeException e = importFailure(file, Architecture.MESO4);

        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID);
        assertThat(e.getMessage()).contains("moving_variance:0");
    }

    @Test
    void autoDetectionRejectsAFileOfNeitherArchitecture() throws Exception {
        List<KerasWeightsFile.Layer> layers = new ArrayList<>(KerasWeightsFile.readWeightedLayers(meso4Df()));
        layers.remove(0);
        Path file = dir.resolve("three_convs.h5");
        KerasFileWriter.write(file, layers);

        DeepfakeException e = catchThrowableOfType(DeepfakeException.class,
                () -> MesoNetImporter.detectArchitecture(file));

        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID);
        assertThat(e.getMessage()).contains("3 Conv2D layers").contains("neither");
    }
}
