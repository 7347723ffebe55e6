package dev.deepfake4j.models.manifest;

import java.util.Locale;

/** What a model does; the manifest's {@code "task"} field. */
public enum ModelTask {
    /** Scores a face crop: one probability per crop ({@code "classifier"}). */
    CLASSIFIER("classifier"),
    /** Finds faces in an image ({@code "face-detector"}). */
    FACE_DETECTOR("face-detector");

    private final String jsonName;

    ModelTask(String jsonName) {
        this.jsonName = jsonName;
    }

    /** @return the spelling in manifest JSON, e.g. {@code face-detector} */
    public String jsonName() {
        return jsonName;
    }

    static ModelTask fromJson(String text) {
        for (ModelTask t : values()) {
            if (t.jsonName.equals(text.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        return null;
    }
}
