package dev.deepfake4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfake4j.testing.TestAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The eval report the way a person sees it: three shared labelled clips scored for real (4 frames each, one
 * occlusion map per track), the page loaded in headless Chromium, and the DOM checked after the page's script ran.
 */
class ReportInBrowserTest extends ConsoleCapture {
    @TempDir
    Path dir;

    private static int count(String s, String regex) {
        return (int) Pattern.compile(regex).matcher(s).results().count();
    }

    @Test
    void theEvalReportHasCardsImagesChartsAndMapsAndLogsNothing() throws IOException, InterruptedException {
        HeadlessChromium chromium = HeadlessChromium.require();
        Path dfdc = TestAssets.require("videos/labelled/dfdc");
        Path labels = Files.writeString(dir.resolve("metadata.json"), """
                {"lynaeydofd.mp4": {"label": "REAL"}, "brtujopkby.mp4": {"label": "FAKE"},
                 "abofeumbvv.mp4": {"label": "FAKE"}}
                """);
        Path html = dir.resolve("report.html");
        int exit = Main.execute("eval", "--labels", labels.toString(), "--frames", "4", "--report", html.toString(),
                dfdc.toString());
        assertThat(exit).as(err()).isEqualTo(Main.EXIT_OK);

        HeadlessChromium.Page page = chromium.load(html, Files.createDirectory(dir.resolve("browser")));
        String dom = page.dom();
        assertThat(page.console()).as("console messages (errors, CSP violations)").isEmpty();
        assertThat(dom).contains("data-cards=\"3\""); // set by the page's script: it ran
        assertThat(count(dom, "<section class=\"video[^\"]*\" id=\"card-\\d\"")).isEqualTo(3);
        assertThat(dom).contains("<svg class=\"chart roc\"", "<svg class=\"chart reliability\"",
                "truth REAL", "truth FAKE", "Log loss by video, worst first");
        // every scored track has a mapped crop (one per track); frames, crops and maps are inline images
        int tracks = count(dom, "<div class=\"track\">");
        assertThat(tracks).isPositive();
        assertThat(count(dom, "<svg class=\"overlay\"")).isEqualTo(tracks);
        assertThat(count(dom, "<img [^>]*src=\"data:image/jpeg;base64,")).isGreaterThan(3 * 4);
        assertThat(dom).doesNotContainPattern("src=\"(?!data:)");
    }

    @Test
    void theConsoleCheckCatchesAnErrorAndAnExternalResource() throws IOException, InterruptedException {
        HeadlessChromium chromium = HeadlessChromium.require();
        Path bad = Files.writeString(dir.resolve("bad.html"), "<!DOCTYPE html><html><head><meta "
                + "http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'\">"
                + "</head><body><img src=\"https://cdn.example.invalid/x.png\"><script>noSuchFunction();</script>"
                + "</body></html>");
        HeadlessChromium.Page page = chromium.load(bad, Files.createDirectory(dir.resolve("browser")));
        assertThat(page.console()).anyMatch(l -> l.contains("noSuchFunction"))
                .anyMatch(l -> l.contains("Content Security Policy"));
    }
}
