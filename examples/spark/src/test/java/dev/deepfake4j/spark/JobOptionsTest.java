package dev.deepfake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JobOptionsTest {
    @Test
    void twoPathsAloneGetTheDefaults() {
        assertThat(JobOptions.parse("in", "out"))
                .isEqualTo(new JobOptions("in", "out", OutputFormat.PARQUET, 32, 0, 1));
    }

    @Test
    void optionsMayComeAnywhereInEitherSpelling() {
        assertThat(JobOptions.parse("--format", "JSON", "in", "--frames=8", "out", "--partitions", "12",
                "--output-files=3")).isEqualTo(new JobOptions("in", "out", OutputFormat.JSON, 8, 12, 3));
    }

    @Test
    void anUnknownFormatIsNamed() {
        assertThatThrownBy(() -> JobOptions.parse("in", "out", "--format", "csv"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'csv'");
    }

    @Test
    void aMissingOutputIsAUsageError() {
        assertThatThrownBy(() -> JobOptions.parse("in", "--frames", "8"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected INPUT and OUTPUT");
    }

    @Test
    void aFrameCountThatIsNotANumberIsNamed() {
        assertThatThrownBy(() -> JobOptions.parse("in", "out", "--frames", "many"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'many'");
    }

    @Test
    void aFrameCountOutOfRangeIsNamed() {
        assertThatThrownBy(() -> JobOptions.parse("in", "out", "--frames", "0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..1000: 0");
    }

    @Test
    void anOptionWithoutItsValueIsNamed() {
        assertThatThrownBy(() -> JobOptions.parse("in", "out", "--partitions"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--partitions needs a value");
    }

    @Test
    void anUnknownOptionIsNamed() {
        assertThatThrownBy(() -> JobOptions.parse("in", "out", "--threads", "4"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--threads");
    }
}
