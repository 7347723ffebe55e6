package dev.deepfake4j.models.manifest;

import java.util.Locale;

/**
 * Which class a classifier's probability is about; the manifest's {@code "output.positive"}. deepfake4j always
 * reports the probability of <em>fake</em>, so a model whose output is P(real) (MesoNet) is reported as
 * {@code 1 - p}.
 */
public enum PositiveClass {
    /** The output is the probability that the face is fake. */
    FAKE("fake"),
    /** The output is the probability that the face is real; the classifier reports {@code 1 - p}. */
    REAL("real");

    private final String jsonName;

    PositiveClass(String jsonName) {
        this.jsonName = jsonName;
    }

    /** @return the spelling in manifest JSON */
    public String jsonName() {
        return jsonName;
    }

    static PositiveClass fromJson(String text) {
        for (PositiveClass p : values()) {
            if (p.jsonName.equals(text.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        return null;
    }
}
