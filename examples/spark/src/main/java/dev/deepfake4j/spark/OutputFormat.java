package dev.deepfake4j.spark;

import java.util.Locale;

/** How {@link DeepfakeSparkJob} writes its table of scores. */
public enum OutputFormat {
    /** Apache Parquet: columnar, typed, compressed; the choice for further Spark or SQL work. */
    PARQUET("parquet"),
    /** JSON lines, one object per video (null columns are left out); the choice for people and scripts. */
    JSON("json");

    private final String sparkName;

    OutputFormat(String sparkName) {
        this.sparkName = sparkName;
    }

    /** @return the name Spark's {@code DataFrameWriter.format} knows this format by */
    public String sparkName() {
        return sparkName;
    }

    /**
     * @param name {@code parquet} or {@code json}, in any case
     * @return the format
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static OutputFormat parse(String name) {
        for (OutputFormat f : values()) {
            if (f.sparkName.equals(name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown output format '" + name + "': use parquet or json");
    }
}
