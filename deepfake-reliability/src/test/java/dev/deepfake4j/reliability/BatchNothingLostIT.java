package dev.deepfake4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.VideoOutcome;
import dev.deepfake4j.testing.TestAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A batch in which some videos fail reports every video exactly once, in the order given. */
class BatchNothingLostIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everySharedVideoAndSomeBadOnesComeBackOnceEach() throws Exception {
        List<Path> videos = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(TestAssets.require("videos"))) {
            walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".json")).sorted()
                    .forEach(videos::add);
        }
        Path text = Files.writeString(dir.resolve("text.mp4"), "not a video");
        videos.add(2, text);
        videos.add(5, dir.resolve("missing.mp4"));
        videos.add(dir); // a directory
        try (DeepfakeDetector detector = Pipelines.detector(2, Duration.ofMinutes(1))) {
            List<VideoOutcome> streamed = new ArrayList<>();
            detector.analyzeAll(videos, streamed::add);
            assertThat(streamed).extracting(VideoOutcome::path).containsExactlyInAnyOrderElementsOf(videos);

            List<VideoOutcome> ordered = detector.analyzeAll(videos);
            assertThat(ordered).extracting(VideoOutcome::path).containsExactlyElementsOf(videos);
            long failed = ordered.stream().filter(o -> !o.isSuccess()).count();
            // 3 shared files fail (empty, audio only, index missing) plus the 3 made here.
            assertThat(failed).isEqualTo(6);
            assertThat(ordered.get(2).error().orElseThrow().code()).isEqualTo(ErrorCode.NOT_A_VIDEO);
            assertThat(ordered.get(5).error().orElseThrow().code()).isEqualTo(ErrorCode.FILE_NOT_FOUND);
            assertThat(ordered.get(videos.size() - 1).error().orElseThrow().code()).isEqualTo(ErrorCode.NOT_READABLE);
            assertThat(ordered).filteredOn(VideoOutcome::isSuccess)
                    .allSatisfy(o -> assertThat(o.report().orElseThrow().pFake()).isBetween(0.01, 0.99));
        }
    }

    @Test
    void theSameFileTwiceInABatchIsReportedTwice() throws Exception {
        Path clip = TestAssets.require("videos/robustness/moviepy_example.mp4");
        try (DeepfakeDetector detector = Pipelines.detector(2, Duration.ofMinutes(1))) {
            List<VideoOutcome> out = detector.analyzeAll(List.of(clip, clip, clip));
            assertThat(out).hasSize(3).allMatch(VideoOutcome::isSuccess);
        }
    }
}
