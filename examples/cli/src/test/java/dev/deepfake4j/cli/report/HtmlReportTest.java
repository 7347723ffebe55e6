package dev.deepfake4j.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.FrameResult;
import dev.deepfake4j.Label;
import dev.deepfake4j.StageTimings;
import dev.deepfake4j.VideoOutcome;
import dev.deepfake4j.VideoReport;
import dev.deepfake4j.explain.SensitivityMap;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.face.FaceTrack;
import dev.deepfake4j.face.TrackedFace;
import dev.deepfake4j.image.PixelFormat;
import dev.deepfake4j.sampling.VideoInfo;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page from hand-made reports: summary numbers worked out by hand, truth beside verdict, maps, escaping. */
class HtmlReportTest {
    private static final StageTimings TIMES = new StageTimings(Duration.ofMillis(10), Duration.ofMillis(20),
            Duration.ofMillis(1), Duration.ofMillis(30), Duration.ofMillis(70));

    /** A video with one track of two faces (frames 0 and 5, crops kept) scoring {@code p0} and {@code p1}. */
    private static VideoReport video(String name, double pFake, double raw, Label label, double p0, double p1) {
        Path path = Path.of(name);
        VideoInfo info = VideoInfo.builder().path(path).codedSize(64, 48).frameCount(10, true).fps(10)
                .durationSeconds(1).codec("fake").build();
        List<FrameResult> frames = new ArrayList<>();
        List<TrackedFace> faces = new ArrayList<>();
        double[] p = {p0, p1};
        for (int i = 0; i < 2; i++) {
            FaceCrop crop = new FaceCrop(i * 5, i * 0.5, FaceBox.of(8, 8, 24, 24, 0.9), 8, 8, PixelFormat.RGB24,
                    new byte[8 * 8 * 3]);
            TrackedFace f = new TrackedFace(i * 5, i * 0.5, FaceBox.of(8, 8, 24, 24, 0.9), 0, p[i], crop);
            faces.add(f);
            frames.add(new FrameResult(i * 5, i * 0.5, List.of(f), null));
        }
        List<FaceTrack> tracks = label == Label.UNKNOWN ? List.of() : List.of(new FaceTrack(0, faces, pFake));
        if (label == Label.UNKNOWN) {
            frames = List.of(new FrameResult(0, 0, List.of(), null));
        }
        return new VideoReport(path, pFake, label, 0.5, info, frames, tracks, TIMES, List.of(), raw);
    }

    private static String page(List<ReportVideo> videos, int mapsPerTrack) throws IOException {
        StringWriter w = new StringWriter();
        // every face's map: +0.5 in the top-right square, −0.25 in the bottom-right, of a 2×2 grid; 5 calls, 12 ms
        HtmlReport.write(w, "t <&> \"q\"", List.of("detector: d <1>"), videos, crop -> List.of(new SensitivityMap(SensitivityMap.OCCLUSION,
                8, 8, 2, 2, 4, 4, new float[] {0, 0.5f, 0, -0.25f}, 0.9, 5, 12)), mapsPerTrack);
        return w.toString();
    }

    private static List<ReportVideo> labelled() {
        return List.of(
                new ReportVideo("a.mp4", true, VideoOutcome.success(video("a.mp4", 0.9, 0.8, Label.FAKE, 0.9, 0.7))),
                new ReportVideo("b<script>.mp4", false,
                        VideoOutcome.success(video("b.mp4", 0.7, 0.6, Label.FAKE, 0.7, 0.6))),
                new ReportVideo("c.mp4", false, VideoOutcome.success(video("c.mp4", 0.5, 0.5, Label.UNKNOWN, 0, 0))),
                new ReportVideo("d.mp4", true, VideoOutcome.failure(Path.of("d.mp4"),
                        new DeepfakeException(ErrorCode.DECODE_FAILED, "bad <file>"))));
    }

    @Test
    void theSummaryHasTheMetricsTheConfusionMatrixBothChartsAndTheLossesWorstFirst() throws IOException {
        String html = page(labelled(), 1);
        assertThat(html).contains("4 videos: 3 labelled and scored, 1 failed");
        // log loss (calibrated): (−ln 0.9 − ln 0.3 − ln 0.5) / 3 = (0.10536 + 1.20397 + 0.69315) / 3 = 0.66749
        // raw: (−ln 0.8 − ln 0.4 − ln 0.5) / 3 = (0.22314 + 0.91629 + 0.69315) / 3 = 0.61086
        assertThat(html).contains("<tr><td>log loss</td><td class=\"num\">0.611</td><td class=\"num\">0.667</td></tr>");
        // accuracy at 0.5: a right, b wrong, c (0.5, not above) right → 2/3 both
        assertThat(html).contains("<tr><td>accuracy at 0.500</td><td class=\"num\">0.667</td>");
        // confusion: FAKE row 1 FAKE verdict; REAL row 1 FAKE (b), 0 REAL, 1 UNKNOWN (c)
        assertThat(html).contains("<tr><th>FAKE</th><td class=\"num hit\">1</td><td class=\"num miss\">0</td>"
                + "<td class=\"num unknown\">0</td></tr>");
        assertThat(html).contains("<tr><th>REAL</th><td class=\"num miss\">1</td><td class=\"num hit\">0</td>"
                + "<td class=\"num unknown\">1</td></tr>");
        assertThat(html).contains("<svg class=\"chart roc\"", "<svg class=\"chart reliability\"");
        // worst first: b (1.204, 60%), c (0.693, 35%), a (0.105, 5%)
        Matcher m = Pattern.compile("<a href=\"#(card-\\d)\">").matcher(html);
        List<String> order = new ArrayList<>();
        while (m.find()) {
            order.add(m.group(1));
        }
        assertThat(order).containsExactly("card-1", "card-2", "card-0");
        assertThat(html).contains("<td class=\"num\">1.204</td>", "60%", "35%", "5%");
        assertThat(html).contains("The log loss of the set is the mean of these: 0.667.");
    }

    @Test
    void eachCardShowsTheTruthBesideTheVerdictAndUnknownIsGrey() throws IOException {
        String html = page(labelled(), 1);
        assertThat(html).contains("<section class=\"video right\" id=\"card-0\"><h2><span class=\"verdict FAKE\">"
                + "FAKE 0.900</span><span class=\"truth FAKE\">truth FAKE</span><span class=\"mark right\">✓</span>");
        assertThat(html).contains("<section class=\"video wrong\" id=\"card-1\"><h2><span class=\"verdict FAKE\">"
                + "FAKE 0.700</span><span class=\"truth REAL\">truth REAL</span><span class=\"mark wrong\">✗</span>");
        assertThat(html).contains("<section class=\"video\" id=\"card-2\"><h2><span class=\"verdict UNKNOWN\">"
                + "UNKNOWN 0.500</span><span class=\"truth REAL\">truth REAL</span><span class=\"key\">");
        assertThat(html).contains("verdict ERROR\">DECODE_FAILED", "bad &lt;file&gt;");
        assertThat(html).contains("raw P(fake) 0.800, calibrated 0.900");
        // strips: one cell per sampled frame with its index; crops at 128 px
        assertThat(html).contains("<div class=\"idx\">5</div>", ">0.90</div>");
        assertThat(html).contains("width=\"128\" height=\"128\" src=\"data:image/jpeg;base64,");
    }

    @Test
    void oneMapPerTrackIsOverlaidWithItsCostAndNothingLoadsFromElsewhere() throws IOException {
        String html = page(labelled(), 1);
        // two tracks (a, b) × 1 face: 2 maps, each with 2 non-zero tiles: red for +0.5, blue for −0.25 at half
        assertThat(html.split("<svg class=\"overlay\"", -1)).hasSize(3);
        assertThat(html).contains("<rect x=\"4\" y=\"0\" width=\"4\" height=\"4\" fill=\"#e53935\" fill-opacity=\"0.65\">",
                "<rect x=\"4\" y=\"4\" width=\"4\" height=\"4\" fill=\"#1e88e5\" fill-opacity=\"0.33\">");
        assertThat(html).contains("Occlusion maps: 2 faces, 10 classifier calls, 24 ms in all.",
                "cost: 5 classifier calls, 12 ms");
        // the map is of the face with the highest P(fake) of the track: a's frame 0 (0.9), not frame 5 (0.7)
        assertThat(html).contains("frame 0, P(fake) 0.900<br>occlusion 2×2");
        assertThat(html).doesNotContain("frame 5, P(fake) 0.700<br>");
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http:", "https:", "//cdn");
        assertThat(html).doesNotContainPattern("src=\"(?!data:)");
        assertThat(html).contains("Content-Security-Policy", "default-src 'none'");
        assertThat(html).contains("<title>t &lt;&amp;&gt; &quot;q&quot;</title>", "b&lt;script&gt;.mp4",
                        "<p class=\"note\">detector: d &lt;1&gt;</p>")
                .doesNotContain("b<script>");

        String none = page(labelled(), 0);
        assertThat(none).doesNotContain("<svg class=\"overlay\"").contains("No occlusion maps");
    }

    @Test
    void withoutLabelsThereIsNoSummary() throws IOException {
        String html = page(List.of(new ReportVideo("a.mp4", null,
                VideoOutcome.success(video("a.mp4", 0.9, 0.9, Label.FAKE, 0.9, 0.7)))), 1);
        assertThat(html).doesNotContain("class=\"summary\"", "truth ").contains("id=\"card-0\"");
    }

    @Test
    void labelsOfOneClassGiveNoRocCurveButTheRestOfTheSummary() throws IOException {
        String html = page(List.of(
                new ReportVideo("a.mp4", true, VideoOutcome.success(video("a.mp4", 0.9, 0.9, Label.FAKE, 0.9, 0.7))),
                new ReportVideo("b.mp4", true, VideoOutcome.success(video("b.mp4", 0.2, 0.2, Label.REAL, 0.2, 0.1)))),
                0);
        // log loss (−ln 0.9 − ln 0.2) / 2 = (0.10536 + 1.60944) / 2 = 0.85740; no calibration: one column
        assertThat(html).contains("No ROC curve: the labelled videos are all of one class.",
                "<svg class=\"chart reliability\"", "<tr><td>log loss</td><td class=\"num\">0.857</td></tr>")
                .doesNotContain("<svg class=\"chart roc\"", "<th>calibrated</th>");
    }
}
