package dev.deepfake4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deepfake4j.Label;
import dev.deepfake4j.VideoInput;
import dev.deepfake4j.WindowOptions;
import dev.deepfake4j.WindowReport;
import dev.deepfake4j.testing.TestAssets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code POST /v1/score?window=SECONDS}: the upload judged window by window, as the library's analyzeWindows. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WindowedOverHttpTest extends DefaultDetectorService {
    private static final String CLIP = "videos/labelled/ffpp/Deepfakes_519_515.mp4";

    private static Path clip;

    @BeforeAll
    static void start() throws Exception {
        clip = TestAssets.require(CLIP);
    }

    private static HttpResponse<String> post(String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(Loopback.uri(server, ScoreService.SCORE + query))
                .timeout(Loopback.REQUEST_TIMEOUT).POST(HttpRequest.BodyPublishers.ofFile(clip)).build();
        return Loopback.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aWindowQueryAnswersEveryWindowAndTheWorstAsTheVideo() throws Exception {
        List<WindowReport> expected = new ArrayList<>();
        detector.analyzeWindows(VideoInput.of(clip), new WindowOptions(10, 6), expected::add);
        HttpResponse<String> r = post("?window=10&frames=6");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode o = Loopback.json(r);
        JsonNode windows = o.get("window_reports");
        assertThat(windows).hasSize(expected.size());
        double worst = 0;
        for (int k = 0; k < expected.size(); k++) {
            assertThat(windows.get(k).get("p_fake").asDouble()).isCloseTo(expected.get(k).pFake(), within(1e-4));
            assertThat(windows.get(k).get("path").asText()).isEqualTo("-");
            if (expected.get(k).label() != Label.UNKNOWN) {
                worst = Math.max(worst, expected.get(k).pFake());
            }
        }
        assertThat(o.get("windows").asLong()).isEqualTo(expected.size());
        assertThat(o.get("p_fake").asDouble()).isCloseTo(worst, within(1e-4));
        assertThat(o.get("path").asText()).isEqualTo("-");
        assertThat(Loopback.filesIn(uploads)).isZero();
    }

    @Test
    void aBadWindowQueryIs400NamingTheParameterAndTheServiceGoesOn() throws Exception {
        for (String query : List.of("?window=0", "?window=abc", "?window=5&frames=0", "?frames=4")) {
            HttpResponse<String> r = post(query);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            JsonNode error = Loopback.json(r).get("error");
            assertThat(error.get("code").asText()).isEqualTo(WindowQuery.BAD_QUERY);
            assertThat(error.get("message").asText()).contains("window");
        }
        assertThat(post("").statusCode()).isEqualTo(200);
        assertThat(Loopback.filesIn(uploads)).isZero();
        assertThat(Files.exists(clip)).isTrue();
    }
}
