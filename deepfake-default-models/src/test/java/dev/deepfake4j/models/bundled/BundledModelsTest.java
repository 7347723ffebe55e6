package dev.deepfake4j.models.bundled;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BundledModelsTest {
    /** SHA-256 and size of the upstream files at their pinned commits (NOTICE, ../shared/DESIGN.md). */
    private static final Map<String, String> UPSTREAM = Map.of(
            "yunet_s_640_640.onnx", "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4 232589",
            "Meso4_DF.h5", "036ed30d04ffd9c7506f825b97c86aa64915f5818931da96817b169aad790af5 156128");

    @Test
    void everyListedFileIsOnTheClassPathUnchangedWithItsLicenceBesideIt() throws Exception {
        assertThat(BundledModels.FILES).containsExactlyInAnyOrderElementsOf(UPSTREAM.keySet());
        for (String name : BundledModels.FILES) {
            byte[] bytes;
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(BundledModels.FOLDER + name)) {
                assertThat(in).as(name).isNotNull();
                bytes = in.readAllBytes();
            }
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            assertThat(digest + " " + bytes.length).as(name).isEqualTo(UPSTREAM.get(name));
            assertThat(getClass().getClassLoader().getResource(BundledModels.FOLDER + name + ".LICENSE")).as(name)
                    .isNotNull();
        }
    }
}
