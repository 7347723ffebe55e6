package dev.deepfake4j.spark;

/**
 * What a finished {@link DeepfakeSparkJob} wrote, counted from the committed output. Immutable.
 *
 * @param output the committed table's location, fully qualified (e.g. {@code file:/data/scores})
 * @param videos rows written: one per input path
 * @param failed rows with an error code
 */
public record JobSummary(String output, long videos, long failed) {
    /** @return rows with a score */
    public long scored() {
        return videos - failed;
    }
}
