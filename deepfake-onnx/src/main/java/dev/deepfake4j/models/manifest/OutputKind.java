package dev.deepfake4j.models.manifest;

import java.util.Locale;

/**
 * What a classifier's output tensor holds, i.e. what must be done to it to get a probability; the manifest's
 * {@code "output.kind"}. The value read is the one at {@code output.index} along the output's last axis (index 0
 * for a {@code [batch]} or {@code [batch, 1]} output).
 */
public enum OutputKind {
    /** Already a probability in [0, 1] (a sigmoid or softmax inside the model): taken as is. */
    PROBABILITY("probability"),
    /** A logit: the classifier applies the sigmoid {@code 1 / (1 + e^-x)}. */
    LOGIT("logit"),
    /**
     * Unnormalised class scores along the last axis ({@code [batch, classes]}, at least 2 classes): the classifier
     * applies softmax over that axis and takes {@code index}. A model whose output already went through softmax is
     * declared {@link #PROBABILITY} with the index of its class instead — applying softmax twice would flatten it.
     */
    SOFTMAX("softmax");

    private final String jsonName;

    OutputKind(String jsonName) {
        this.jsonName = jsonName;
    }

    /** @return the spelling in manifest JSON */
    public String jsonName() {
        return jsonName;
    }

    static OutputKind fromJson(String text) {
        for (OutputKind k : values()) {
            if (k.jsonName.equals(text.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        return null;
    }
}
