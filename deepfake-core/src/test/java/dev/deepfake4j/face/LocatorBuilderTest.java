package dev.deepfake4j.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.image.Frame;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocatorBuilderTest {
    /** A locator that only keeps the options it was built with. */
    private record OptionsLocator(LocatorOptions options, String label) implements FaceLocator {
        @Override
        public List<FaceBox> locate(Frame frame) {
            return List.of();
        }

        @Override
        public String name() {
            return label;
        }
    }

    /** A builder without scores, with a setter of its own and its own preset, as a cascade's. */
    private static final class PlainBuilder extends LocatorBuilder<PlainBuilder, OptionsLocator> {
        private String label = "plain";

        PlainBuilder() {
            options().workingSize(320);
        }

        @Override
        protected PlainBuilder self() {
            return this;
        }

        PlainBuilder label(String label) {
            this.label = label;
            return this;
        }

        @Override
        public OptionsLocator build() {
            return new OptionsLocator(options().build(), label);
        }
    }

    /** A scored builder with a stricter score check, overriding and calling super, as UltraFace's. */
    private static final class StrictBuilder extends ScoredLocatorBuilder<StrictBuilder, OptionsLocator> {
        StrictBuilder() {
            options().scoreThreshold(0.7);
        }

        @Override
        protected StrictBuilder self() {
            return this;
        }

        @Override
        public StrictBuilder scoreThreshold(double threshold) {
            if (threshold >= 1) {
                throw new IllegalArgumentException("score threshold must be below 1: " + threshold);
            }
            return super.scoreThreshold(threshold);
        }

        @Override
        public OptionsLocator build() {
            return new OptionsLocator(options().build(), "strict");
        }
    }

    @Test
    void sharedSettersReturnTheSameBuilderAndTheirValuesReachBuild() {
        PlainBuilder builder = new PlainBuilder();

        assertThat(builder.minFaceSize(24)).isSameAs(builder);
        assertThat(builder.maxFaces(3)).isSameAs(builder);
        OptionsLocator locator = builder.minFaceSize(30).maxFaces(2).label("own").build();

        assertThat(locator.name()).isEqualTo("own");
        assertThat(locator.options()).isEqualTo(LocatorOptions.builder()
                .workingSize(320).minFaceSize(30).maxFaces(2).build());
    }

    @Test
    void sharedSettersRejectBadValuesAndLeaveTheOptionsAsTheyWere() {
        PlainBuilder builder = new PlainBuilder().minFaceSize(10).maxFaces(4);

        assertThatThrownBy(() -> builder.minFaceSize(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minimum face size");
        assertThatThrownBy(() -> builder.minFaceSize(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.maxFaces(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max faces");

        LocatorOptions options = builder.build().options();
        assertThat(options.minFaceSize()).isEqualTo(10);
        assertThat(options.maxFaces()).isEqualTo(4);
    }

    @Test
    void scoredSettersChainCheckAndReachBuildWithThePresetKeptUntilSet() {
        StrictBuilder builder = new StrictBuilder();
        assertThat(builder.build().options().scoreThreshold()).isEqualTo(0.7);

        assertThat(builder.nmsThreshold(0.45)).isSameAs(builder);
        assertThat(builder.scoreThreshold(0.55)).isSameAs(builder);
        LocatorOptions options = builder.maxFaces(1).build().options();

        assertThat(options.scoreThreshold()).isEqualTo(0.55);
        assertThat(options.nmsThreshold()).isEqualTo(0.45);
        assertThat(options.maxFaces()).isEqualTo(1);
        assertThatThrownBy(() -> builder.nmsThreshold(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NMS");
        assertThatThrownBy(() -> builder.scoreThreshold(-0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> builder.scoreThreshold(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("below 1");
    }

    @Test
    void eachBuildTakesASnapshotThatLaterSettersDoNotChange() {
        StrictBuilder builder = new StrictBuilder();
        LocatorOptions first = builder.build().options();

        builder.scoreThreshold(0.2);

        assertThat(first.scoreThreshold()).isEqualTo(0.7);
        assertThat(builder.build().options().scoreThreshold()).isEqualTo(0.2);
    }
}
