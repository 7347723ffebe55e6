package dev.deepfake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VideoInputsTest {
    @Test
    void aRelativeLineIsRelativeToTheListsFolder() {
        assertThat(VideoInputs.resolve("/data/lists", "../videos/a.mp4")).isEqualTo("/data/videos/a.mp4");
    }

    @Test
    void anAbsoluteLineIsKept() {
        assertThat(VideoInputs.resolve("/data/lists", "/videos/a.mp4")).isEqualTo("/videos/a.mp4");
    }

    @Test
    void aUriLineIsKept() {
        assertThat(VideoInputs.resolve("/data/lists", "hdfs://nn:8020/videos/a.mp4"))
                .isEqualTo("hdfs://nn:8020/videos/a.mp4");
    }

    @Test
    void linesOfANonLocalListAreKept() {
        assertThat(VideoInputs.resolve(null, "videos/a.mp4")).isEqualTo("videos/a.mp4");
    }
}
