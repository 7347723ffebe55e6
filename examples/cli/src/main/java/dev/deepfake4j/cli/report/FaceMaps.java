package dev.deepfake4j.cli.report;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.VideoReport;
import dev.deepfake4j.explain.SensitivityMap;
import dev.deepfake4j.face.FaceTrack;
import dev.deepfake4j.face.TrackedFace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The maps a report shows, made for at most {@code perTrack} faces of each track (those with the highest P(fake),
 * the faces that drove the track towards FAKE), and what they cost. Not thread-safe; made once per report.
 */
final class FaceMaps {
    private static final Logger LOG = LoggerFactory.getLogger(FaceMaps.class);

    private final Map<TrackedFace, List<SensitivityMap>> maps = new IdentityHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private int faces;
    private long calls;
    private double millis;

    private FaceMaps() {
    }

    /** @return a report without maps */
    static FaceMaps none() {
        return new FaceMaps();
    }

    /**
     * @param reports the scored videos
     * @param explainer makes the maps of one crop
     * @param perTrack faces mapped per track, at least 1
     * @return the maps; a face whose map failed is listed in {@link #failures()}, the others are kept
     */
    static FaceMaps make(List<VideoReport> reports, FaceExplainer explainer, int perTrack) {
        FaceMaps m = new FaceMaps();
        for (VideoReport r : reports) {
            for (FaceTrack t : r.tracks()) {
                List<TrackedFace> chosen = t.faces().stream().filter(f -> f.cropIfKept().isPresent())
                        .sorted(Comparator.comparingDouble(TrackedFace::pFake).reversed()).limit(perTrack).toList();
                for (TrackedFace f : chosen) {
                    try {
                        List<SensitivityMap> made = explainer.explain(f.cropIfKept().orElseThrow());
                        m.maps.put(f, made);
                        m.faces++;
                        for (SensitivityMap s : made) {
                            m.calls += s.classifierCalls();
                            m.millis += s.millis();
                        }
                    } catch (DeepfakeException | RuntimeException e) {
                        LOG.warn("No map for frame {} of track {} in {}: {}", f.frameIndex(), t.id(), r.path(),
                                e.toString());
                        m.failures.add(r.path() + " frame " + f.frameIndex() + ": " + e.getMessage());
                    }
                }
            }
        }
        return m;
    }

    /** @return the maps of a face, empty when none was made */
    List<SensitivityMap> of(TrackedFace face) {
        return maps.getOrDefault(face, List.of());
    }

    /** @return faces mapped */
    int faces() {
        return faces;
    }

    /** @return crops the classifier scored for all maps */
    long classifierCalls() {
        return calls;
    }

    /** @return time spent on all maps, in milliseconds */
    double millis() {
        return millis;
    }

    /** @return one line per face whose map failed */
    List<String> failures() {
        return List.copyOf(failures);
    }
}
