/**
 * JMH benchmarks of every stage of deepfake4j and of the whole pipeline; the module is never deployed.
 *
 * <p><b>One command</b>, from the repository root, builds the JMH jar and runs the quick suite (under 10 minutes on 2
 * cores), writing {@code docs/benchmarks/quick.json} and the tables of {@code docs/benchmarks.md}:
 *
 * <pre>
 * deepfake-benchmarks/run-quick.sh --with-eval   # quick suite, plus the whole-process `eval` timing
 * deepfake-benchmarks/run-quick.sh --careful     # careful suite: 2 forks, longer iterations (~1 hour)
 * deepfake-benchmarks/run-quick.sh --gpu         # on a CUDA 12 machine: builds with -Pgpu, CPU vs CUDA vs TensorRT
 * </pre>
 *
 * <p>Packages mirror the main ones: {@code decode} (FFmpeg decoding: full, sampled, fast), {@code face} (each face
 * locator, crop and resize), {@code classify} (each classifier per batch size, our preprocessing overhead),
 * {@code pipeline} (one video, a batch of videos, and the feed rate: classifier-ready crops per second per core).
 * Alternatives are {@code @Param} values so they run side by side; {@code report.BenchmarkSummary} turns the JMH JSON
 * into Markdown with ratios against a baseline of the same run. Inputs come from the shared assets through
 * {@link dev.deepfake4j.benchmarks.BenchmarkAssets}; models resolve offline through the registry with the
 * environment {@code run-quick.sh} sets ({@code DEEPFAKE4J_MODEL_MIRROR}, {@code DEEPFAKE4J_OFFLINE=1},
 * {@code DEEPFAKE4J_HOME}).
 */
package dev.deepfake4j.benchmarks;
