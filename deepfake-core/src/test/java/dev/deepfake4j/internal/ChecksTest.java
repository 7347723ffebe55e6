package dev.deepfake4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The message rules are Guava's {@code Preconditions} rules, which the modules' messages were written for. */
class ChecksTest {

    @Test
    void placeholdersAreFilledInOrder() {
        assertThat(Checks.format("a %sx%s crop needs %s bytes, got %s", 2, 3, 18, 17L))
                .isEqualTo("a 2x3 crop needs 18 bytes, got 17");
        assertThat(Checks.format("threshold must be in (0, 1): %s", 1.5)).isEqualTo("threshold must be in (0, 1): 1.5");
        assertThat(Checks.format("model name must not be blank: '%s'", (Object) null))
                .isEqualTo("model name must not be blank: 'null'");
        assertThat(Checks.format("%s%s", "a", "b")).isEqualTo("ab");
    }

    @Test
    void surplusArgumentsAreAppendedAndSurplusPlaceholdersKept() {
        assertThat(Checks.format("k must be %s", 1, 2, "three")).isEqualTo("k must be 1 [2, three]");
        assertThat(Checks.format("no placeholder", 7)).isEqualTo("no placeholder [7]");
        assertThat(Checks.format("%s and %s", 1)).isEqualTo("1 and %s");
    }

    @Test
    void onlyPercentSIsInterpreted() {
        assertThat(Checks.format("100%% of %d, %s", "x")).isEqualTo("100%% of %d, x");
        assertThat(Checks.format("50% sure")).isEqualTo("50% sure");
    }

    @Test
    void nullTemplateAndNullArrayAreShownNotThrown() {
        assertThat(Checks.format(null, 1)).isEqualTo("null [1]");
        assertThat(Checks.format("got %s", (Object[]) null)).isEqualTo("got (Object[])null");
    }

    @Test
    void anArgumentWhoseToStringThrowsIsShownByClassAndIdentity() {
        Object bad = new Object() {
            @Override
            public String toString() {
                throw new UnsupportedOperationException("no");
            }
        };
        String hash = Integer.toHexString(System.identityHashCode(bad));
        assertThat(Checks.format("value %s", bad)).isEqualTo("value <" + bad.getClass().getName() + "@" + hash
                + " threw java.lang.UnsupportedOperationException>");
    }

    @Test
    void checksThrowOnlyWhenTheConditionFails() {
        assertThatCode(() -> Checks.checkArgument(true, "never %s", 1)).doesNotThrowAnyException();
        assertThatCode(() -> Checks.checkState(true, "never")).doesNotThrowAnyException();
        assertThatThrownBy(() -> Checks.checkArgument(false, "n must be at least 1: %s", 0))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("n must be at least 1: 0");
        assertThatThrownBy(() -> Checks.checkArgument(false, "at least one is needed"))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("at least one is needed");
        assertThatThrownBy(() -> Checks.checkState(false, "%s was already set to %s", "sampler", List.of(1)))
                .isExactlyInstanceOf(IllegalStateException.class).hasMessage("sampler was already set to [1]");
        assertThatThrownBy(() -> Checks.checkState(false, "manifest has no output"))
                .isExactlyInstanceOf(IllegalStateException.class).hasMessage("manifest has no output");
    }
}
