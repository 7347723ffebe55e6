package dev.deepfake4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deepfake4j.testing.GoldenTolerance;
import dev.deepfake4j.testing.TestAssets;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The default detector behind the service gives the golden score (docs/golden) of a labelled clip. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GoldenOverHttpTest extends DefaultDetectorService {
    /** docs/golden/README.md: ffpp/Deepfakes_003_000.mp4 with the default detector. */
    private static final double GOLDEN = 0.41620752587914467;
    private static final String CLIP = "videos/labelled/ffpp/Deepfakes_003_000.mp4";

    private static byte[] clip;

    @BeforeAll
    static void start() throws Exception {
        clip = Files.readAllBytes(TestAssets.require(CLIP));
    }

    @Test
    void rawBodyGivesTheGoldenScore() throws Exception {
        HttpResponse<String> r = Loopback.postRaw(server, clip);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode o = Loopback.json(r);
        assertReport(o);
        assertThat(o.get("path").asText()).isEqualTo("-");
        assertThat(Loopback.filesIn(uploads)).isZero();
    }

    @Test
    void multipartFilePartGivesTheGoldenScore() throws Exception {
        HttpResponse<String> r = Loopback.postMultipart(server, "Deepfakes_003_000.mp4", clip);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode o = Loopback.json(r);
        assertReport(o);
        assertThat(o.get("path").asText()).isEqualTo("Deepfakes_003_000.mp4");
        assertThat(Loopback.filesIn(uploads)).isZero();
    }

    private static void assertReport(JsonNode o) {
        assertThat(o.fieldNames()).toIterable().contains("path", "p_fake", "label", "frames", "tracks",
                "timings_ms", "warnings");
        assertThat(o.get("p_fake").asDouble()).isCloseTo(GOLDEN, within(GoldenTolerance.DEFAULT));
        assertThat(o.get("label").asText()).isEqualTo("REAL"); // 0.4162 is below the 0.5 threshold
        assertThat(o.get("frames")).hasSize(32);
        assertThat(o.get("tracks")).hasSize(1);
        assertThat(o.get("tracks").get(0).get("faces").asInt()).isEqualTo(32);
    }
}
