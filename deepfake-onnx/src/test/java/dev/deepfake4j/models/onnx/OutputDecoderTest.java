package dev.deepfake4j.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.models.manifest.OutputKind;
import dev.deepfake4j.models.manifest.OutputSpec;
import dev.deepfake4j.models.manifest.PositiveClass;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/**
 * {@link OutputDecoder} against hand arithmetic. ln 3 is used as a logit because sigmoid(ln 3) = 3 / (3 + 1) = 0.75,
 * and the softmax of the two logits (0, ln 3) is (1/4, 3/4).
 */
class OutputDecoderTest {
    static final float LN3 = (float) Math.log(3);

    static float[] decode(OutputKind kind, int index, PositiveClass positive, int batch, int n, float... scores)
            throws DeepfakeException {
        float[] out = new float[n];
        new OutputDecoder(new OutputSpec("score", kind, index, positive), "tiny.onnx")
                .decode(FloatBuffer.wrap(scores), batch, n, out, 0);
        return out;
    }

    @Test
    void a_logit_goes_through_the_sigmoid() throws Exception {
        assertThat(decode(OutputKind.LOGIT, 0, PositiveClass.FAKE, 2, 2, 0f, LN3))
                .containsExactly(new float[] {0.5f, 0.75f}, within(1e-6f));
    }

    @Test
    void softmax_of_two_logits_takes_the_indexed_class() throws Exception {
        // rows (0, ln 3) and (ln 3, 0): class 1 has 3/4 and 1/4
        assertThat(decode(OutputKind.SOFTMAX, 1, PositiveClass.FAKE, 2, 2, 0f, LN3, LN3, 0f))
                .containsExactly(new float[] {0.75f, 0.25f}, within(1e-6f));
        assertThat(decode(OutputKind.SOFTMAX, 0, PositiveClass.FAKE, 1, 1, 0f, LN3))
                .containsExactly(new float[] {0.25f}, within(1e-6f));
    }

    @Test
    void softmax_of_huge_logits_does_not_overflow() throws Exception {
        // exp(1000) is infinite as a double; the shifted form gives 1/2 for equal logits
        assertThat(decode(OutputKind.SOFTMAX, 1, PositiveClass.FAKE, 1, 1, 1000f, 1000f))
                .containsExactly(0.5f);
    }

    @Test
    void a_probability_is_taken_at_its_index_as_is() throws Exception {
        assertThat(decode(OutputKind.PROBABILITY, 2, PositiveClass.FAKE, 2, 2, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.625f))
                .containsExactly(0.3f, 0.625f);
    }

    @Test
    void positive_real_reports_one_minus_p() throws Exception {
        // P(real) = 0.25 means P(fake) = 0.75; a logit of ln 3 is P(real) 0.75, so P(fake) 0.25
        assertThat(decode(OutputKind.PROBABILITY, 0, PositiveClass.REAL, 1, 1, 0.25f)).containsExactly(0.75f);
        assertThat(decode(OutputKind.LOGIT, 0, PositiveClass.REAL, 1, 1, LN3))
                .containsExactly(new float[] {0.25f}, within(1e-6f));
    }

    @Test
    void probabilities_outside_zero_one_are_clipped() throws Exception {
        assertThat(decode(OutputKind.PROBABILITY, 0, PositiveClass.FAKE, 2, 2, 1.5f, -0.5f)).containsExactly(1f, 0f);
        assertThat(decode(OutputKind.PROBABILITY, 0, PositiveClass.REAL, 1, 1, 1.5f)).containsExactly(0f);
    }

    @Test
    void padding_rows_are_not_decoded_and_the_offset_places_the_results() throws Exception {
        float[] out = {-1f, -1f, -1f};
        new OutputDecoder(new OutputSpec("score", OutputKind.PROBABILITY, 0, PositiveClass.FAKE), "tiny.onnx")
                .decode(FloatBuffer.wrap(new float[] {0.125f, Float.NaN}), 2, 1, out, 2);
        assertThat(out).containsExactly(-1f, -1f, 0.125f);
    }

    @Test
    void the_rows_start_at_the_buffers_position() throws Exception {
        FloatBuffer scores = FloatBuffer.wrap(new float[] {9f, 0.25f, 0.5f});
        scores.position(1);
        float[] out = new float[2];
        new OutputDecoder(new OutputSpec("score", OutputKind.PROBABILITY, 0, PositiveClass.FAKE), "tiny.onnx")
                .decode(scores, 2, 2, out, 0);
        assertThat(out).containsExactly(0.25f, 0.5f);
    }

    @Test
    void a_size_that_does_not_split_into_rows_is_a_backend_failure_naming_the_output() {
        assertThatThrownBy(() -> decode(OutputKind.LOGIT, 0, PositiveClass.FAKE, 2, 2, 1f, 2f, 3f))
                .isInstanceOfSatisfying(DeepfakeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_FAILURE))
                .hasMessageContaining("tiny.onnx").hasMessageContaining("'score'").hasMessageContaining("3 values");
        assertThatThrownBy(() -> decode(OutputKind.PROBABILITY, 2, PositiveClass.FAKE, 2, 2, 1f, 2f, 3f, 4f))
                .isInstanceOf(DeepfakeException.class).hasMessageContaining("index 2");
    }

    @Test
    void nan_is_a_backend_failure_naming_the_crop() {
        float[] out = new float[4];
        OutputDecoder decoder = new OutputDecoder(new OutputSpec("score", OutputKind.LOGIT, 0, PositiveClass.FAKE),
                "tiny.onnx");
        assertThatThrownBy(() -> decoder.decode(FloatBuffer.wrap(new float[] {0f, Float.NaN}), 2, 2, out, 2))
                .isInstanceOfSatisfying(DeepfakeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_FAILURE))
                .hasMessageContaining("NaN for crop 3");
    }
}
