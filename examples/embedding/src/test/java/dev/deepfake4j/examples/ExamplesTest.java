package dev.deepfake4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.VideoOutcome;
import dev.deepfake4j.VideoReport;
import dev.deepfake4j.testing.GoldenTolerance;
import dev.deepfake4j.testing.TestAssets;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExamplesTest {
    @Test
    void scoreOneVideoFindsTheFaceOfARealClip() throws Exception {
        VideoReport r = ScoreOneVideo.run(TestAssets.require("videos/labelled/dfdc/lynaeydofd.mp4"));
        assertThat(r.facesFound()).isTrue();
        assertThat(r.frames()).hasSize(32);
        // The default detector's golden values for this clip (docs/golden/README.md, recorded with
        // docs/golden/RecordScores.java and cross-checked in Python): its one track scores 0.009473409503698349,
        // below the clipping floor, so the video's p_fake is the floor itself.
        assertThat(r.tracks()).hasSize(1);
        assertThat(r.tracks().get(0).pFake()).isCloseTo(0.009473409503698349, within(GoldenTolerance.DEFAULT));
        assertThat(r.pFake()).isEqualTo(0.01);
    }

    @Test
    void scoreFolderReportsEveryFileAndKeepsGoingPastBadOnes(@TempDir Path dir) throws Exception {
        Files.copy(TestAssets.require("videos/general/facenet_pytorch_video.mp4"), dir.resolve("a.mp4"));
        Files.writeString(dir.resolve("b.mp4"), "this is not a video");
        List<VideoOutcome> seen = new ArrayList<>();
        List<VideoOutcome> all = ScoreFolder.run(dir, 2, seen::add);
        assertThat(all).hasSize(2).containsExactlyInAnyOrderElementsOf(seen);
        VideoOutcome bad = all.stream().filter(o -> o.path().endsWith("b.mp4")).findFirst().orElseThrow();
        assertThat(bad.error().orElseThrow().code()).isEqualTo(ErrorCode.NOT_A_VIDEO);
        VideoOutcome good = all.stream().filter(o -> o.path().endsWith("a.mp4")).findFirst().orElseThrow();
        assertThat(good.report().orElseThrow().frames()).hasSize(16);
    }

    @Test
    void scoreUploadInMemoryGivesTheGoldenScoreOfTheFile() throws Exception {
        // docs/golden/README.md: the default detector scores dfdc/brtujopkby.mp4 0.8771207963719088
        byte[] upload = Files.readAllBytes(TestAssets.require("videos/labelled/dfdc/brtujopkby.mp4"));
        VideoReport r = ScoreUploadInMemory.run(new ByteArrayInputStream(upload));
        assertThat(r.pFake()).isCloseTo(0.8771207963719088, within(GoldenTolerance.DEFAULT));
        assertThat(r.path()).isEqualTo(Path.of("upload.mp4"));
    }

    @Test
    void scoreAsyncGivesEachClipItsGoldenScore() throws Exception {
        // docs/golden/README.md, the default detector's p_fake of each clip
        Path a = TestAssets.require("videos/labelled/dfdc/abqwwspghj.mp4");
        Path b = TestAssets.require("videos/labelled/ffpp/Face2Face_750_743.mp4");
        Path c = TestAssets.require("videos/labelled/ffpp/youtube_519.mp4");
        Map<Path, VideoReport> reports = ScoreAsync.run(List.of(a, b, c), 2);
        assertThat(reports.keySet()).containsExactly(a, b, c);
        assertThat(reports.get(a).pFake()).isCloseTo(0.26455663703382015, within(GoldenTolerance.DEFAULT));
        assertThat(reports.get(b).pFake()).isCloseTo(0.10187900625169277, within(GoldenTolerance.DEFAULT));
        assertThat(reports.get(c).pFake()).isCloseTo(0.3127331268042326, within(GoldenTolerance.DEFAULT));
    }
}
