/**
 * Scoring video collections too large for one machine on Apache Spark: {@link dev.deepfake4j.spark.DeepfakeSparkJob}
 * spreads a folder or list of videos over a cluster's executors and writes one row per video as Parquet or JSON.
 *
 * <p>Three decisions shape it. Each executor JVM holds one {@link dev.deepfake4j.DeepfakeDetector} per detector
 * configuration ({@link dev.deepfake4j.spark.ExecutorDetectors}), built lazily by its first task, shared by all
 * its task threads and closed when the executor stops — models are loaded once per executor, not per task. A
 * video that fails is a row with an error code, never a failed job. And the output appears at its final path
 * only complete: it is written to a hidden staging folder and renamed after Spark committed it.
 *
 * <p>Videos on HDFS or object stores are streamed: opened through Hadoop's file systems and read in place by
 * FFmpeg through a seekable channel ({@link dev.deepfake4j.spark.HadoopVideo}), never copied to the executor's
 * disk; plain paths must be readable at the same place on every node (a shared mount).
 */
package dev.deepfake4j.spark;
