package dev.deepfake4j.cli;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.VideoOutcome;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Locale;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches a labels file's keys (paths relative to a folder) with the videos in one or more folders, for
 * {@code eval} and {@code calibrate}. A folder that does not exist or holds no video is a usage error naming it; a
 * label whose file is in none of the folders and a video without a label are warning lines naming them. A missing
 * labelled file is still handed to the detector, so that it is reported (and counted) as {@code FILE_NOT_FOUND}
 * like any other failure.
 */
final class LabelledInputs {
    private LabelledInputs() {
    }

    /**
     * @param labelsFile named in warnings
     * @param labels key → label, in file order
     * @param dirs the folders; empty for the labels file's folder
     * @param err where warnings go
     * @return video path → label key, in label order
     */
    static Map<Path, String> resolve(Path labelsFile, Map<String, Boolean> labels, List<Path> dirs, PrintWriter err) {
        List<Path> roots = dirs == null || dirs.isEmpty() ? List.of(labelsFile.toAbsolutePath().getParent()) : dirs;
        Set<Path> videos = new LinkedHashSet<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                throw new UsageException("DIR " + root + " is not a folder (give the folder the labels' paths are"
                        + " relative to)");
            }
            List<Path> found = Inputs.expand(List.of(root));
            if (found.isEmpty()) {
                throw new UsageException("folder " + root + " holds no video files");
            }
            videos.addAll(found.stream().map(p -> p.toAbsolutePath().normalize()).toList());
        }
        Map<Path, String> keyOf = new LinkedHashMap<>();
        for (String key : labels.keySet()) {
            Path chosen = null;
            for (Path root : roots) {
                Path candidate = root.resolve(key);
                if (Files.isRegularFile(candidate)) {
                    chosen = candidate;
                    break;
                }
            }
            if (chosen == null) {
                chosen = roots.get(0).resolve(key);
                err.println("deepfake4j: warning: " + labelsFile + " labels " + key + ", which is in none of "
                        + roots + "; it is reported as FILE_NOT_FOUND");
            }
            keyOf.put(chosen, key);
        }
        Set<Path> labelled = new LinkedHashSet<>();
        keyOf.keySet().forEach(p -> labelled.add(p.toAbsolutePath().normalize()));
        for (Path video : videos) {
            if (!labelled.contains(video)) {
                err.println("deepfake4j: warning: " + video + " has no label in " + labelsFile + "; not scored");
            }
        }
        err.flush();
        return keyOf;
    }

    /**
     * Scores the labelled videos, printing one line per video as it is scored:
     * {@code p_fake  label  truth  key}, or {@code -  ERROR  truth  key} with the error on {@code err}.
     *
     * @param decimals decimals of the printed p_fake
     * @return label key → outcome, for every video scored or failed
     */
    static Map<String, VideoOutcome> score(DetectorOptions.Assembled a, Map<Path, String> keyOf,
            Map<String, Boolean> labels, int decimals, PrintWriter out, PrintWriter err) throws DeepfakeException {
        Map<String, VideoOutcome> outcomes = new LinkedHashMap<>();
        try (Progress progress = Progress.onTerminal(keyOf.size(), err)) {
            a.detector.analyzeAll(new ArrayList<>(keyOf.keySet()), o -> {
                progress.clear();
                String key = keyOf.get(o.path());
                outcomes.put(key, o);
                String truth = labels.get(key) ? "FAKE" : "REAL";
                if (o.isSuccess()) {
                    var r = o.report().orElseThrow();
                    out.println(String.format(Locale.ROOT, "%." + decimals + "f  %s  %s  %s", r.pFake(), r.label(),
                            truth, key));
                } else {
                    var e = o.error().orElseThrow();
                    out.println(String.format(Locale.ROOT, "%6s  %s  %s  %s", "-", "ERROR", truth, key));
                    err.println("deepfake4j: " + o.path() + ": " + e.code() + ": " + e.getMessage());
                }
                out.flush();
                progress.step(o.path());
            });
        }
        return outcomes;
    }
}
