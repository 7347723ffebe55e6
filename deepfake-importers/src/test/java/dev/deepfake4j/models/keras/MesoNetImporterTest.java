package dev.deepfake4j.models.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.testing.TestAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The imported graphs against the maintainers' independent ONNX conversions (Keras 3 + torch.onnx, checked
 * against Keras-TF to 5e-7) and against the Keras-TF reference values in SOURCES.md.
 */
class MesoNetImporterTest {
    private static final String MESONET = "models/deepfake/mesonet/";

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Meso4_DF, MESO4", "Meso4_F2F, MESO4", "MesoInception_DF, MESO_INCEPTION4",
            "MesoInception_F2F, MESO_INCEPTION4"})
    void importedGraphMatchesReferenceConversionOnEveryFaceCrop(String model, Architecture architecture)
            throws Exception {
        List<Path> crops = FaceCrops.all();
        float[] batch = FaceCrops.batch(crops);
        byte[] imported = MesoNetImporter.importOnnx(TestAssets.require(MESONET + model + ".h5"), architecture);
        byte[] reference = Files.readAllBytes(TestAssets.require(MESONET + model + ".onnx"));

        float[] actual = OnnxRun.probReal(imported, batch, crops.size());
        float[] expected = OnnxRun.probReal(reference, batch, crops.size());

        assertThat(crops).hasSize(11);
        for (int i = 0; i < crops.size(); i++) {
            assertThat(actual[i]).as("P(real) of %s", crops.get(i).getFileName()).isCloseTo(expected[i], within(1e-4f));
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"df_df00204.jpg, 0.041", "df_df01254.jpg, 0.049", "real_real00240.jpg, 0.990",
            "real_real00772.jpg, 0.998"})
    void meso4DfGivesTheKerasReferenceProbabilityOfReal(String crop, float kerasProbReal) throws Exception {
        byte[] imported = MesoNetImporter.importOnnx(TestAssets.require(MESONET + "Meso4_DF.h5"), Architecture.MESO4);
        float[] input = FaceCrops.tensor(TestAssets.require("images/face_crops/mesonet/" + crop));

        assertThat(OnnxRun.probReal(imported, input, 1)[0]).isCloseTo(kerasProbReal, within(0.01f));
    }

    @Test
    void importIsDeterministic() throws Exception {
        Path h5 = TestAssets.require(MESONET + "MesoInception_DF.h5");

        assertThat(MesoNetImporter.importOnnx(h5, Architecture.MESO_INCEPTION4))
                .isEqualTo(MesoNetImporter.importOnnx(h5, Architecture.MESO_INCEPTION4));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Meso4_DF, MESO4", "Meso4_F2F, MESO4", "MesoInception_DF, MESO_INCEPTION4",
            "MesoInception_F2F, MESO_INCEPTION4"})
    void architectureIsDetectedFromTheLayers(String model, Architecture architecture) throws Exception {
        assertThat(MesoNetImporter.detectArchitecture(TestAssets.require(MESONET + model + ".h5")))
                .isEqualTo(architecture);
    }

    @Test
    void importWithoutArchitectureGivesTheSameModelAsWithIt() throws Exception {
        Path h5 = TestAssets.require(MESONET + "Meso4_F2F.h5");

        assertThat(MesoNetImporter.importOnnx(h5)).isEqualTo(MesoNetImporter.importOnnx(h5, Architecture.MESO4));
    }
}
