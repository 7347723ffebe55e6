package dev.deepfake4j.face;

import static dev.deepfake4j.internal.Checks.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Links the faces of consecutive sampled frames into tracks, and drops faces that are probably not the subject.
 *
 * <p>The rule, in order:
 * <ol>
 *   <li>Per frame ({@link #keepProminent}): faces smaller than {@code minRelativeArea} (default 0.5) times the
 *       area of the frame's largest face are dropped — the rule Self-Blended Images (Shiohara &amp; Yamasaki,
 *       CVPR 2022) crops with; background faces are not who the video is about.</li>
 *   <li>Linking ({@link #track}): each face joins the track whose latest box overlaps it most, when the IoU is at
 *       least {@code minIou} (default 0.3); failing that, the track whose latest box centre is within
 *       {@code maxCenterShift} (default 1.0) box sizes and whose area is within a factor of 2 — sampled frames
 *       are a third of a second apart and a moving head may not overlap itself. Pairs are taken greedily, best
 *       first; a face joins at most one track and a track takes at most one face per frame. A face left over
 *       starts a new track. Tracks survive frames where their face was not found.</li>
 *   <li>Tracks shorter than {@code minTrackFraction} (default 0.25) of the longest track are dropped (spurious
 *       detections that do not persist).</li>
 * </ol>
 * This is {@link FaceTracker#defaults()}. Immutable and thread-safe.
 */
public final class IouFaceTracker implements FaceTracker {
    static final IouFaceTracker DEFAULT = new IouFaceTracker(0.3, 1.0, 0.5, 0.25);

    private final double minIou;
    private final double maxCenterShift;
    private final double minRelativeArea;
    private final double minTrackFraction;

    /**
     * @param minIou least IoU that links a face to a track, in (0, 1]
     * @param maxCenterShift largest centre shift, in units of the track's latest box size, that links a face when
     *        IoU fails; 0 disables the fallback
     * @param minRelativeArea faces smaller than this fraction of the frame's largest face are dropped; 0 keeps all
     * @param minTrackFraction tracks shorter than this fraction of the longest track are dropped; 0 keeps all
     */
    public IouFaceTracker(double minIou, double maxCenterShift, double minRelativeArea, double minTrackFraction) {
        checkArgument(minIou > 0 && minIou <= 1, "minIou must be in (0, 1]: %s", minIou);
        checkArgument(maxCenterShift >= 0, "maxCenterShift cannot be negative: %s", maxCenterShift);
        checkArgument(minRelativeArea >= 0 && minRelativeArea <= 1, "minRelativeArea must be in [0, 1]: %s", minRelativeArea);
        checkArgument(minTrackFraction >= 0 && minTrackFraction <= 1, "minTrackFraction must be in [0, 1]: %s", minTrackFraction);
        this.minIou = minIou;
        this.maxCenterShift = maxCenterShift;
        this.minRelativeArea = minRelativeArea;
        this.minTrackFraction = minTrackFraction;
    }

    /** @return the tracker with the documented defaults (IoU 0.3, shift 1.0, area 0.5, length 0.25) */
    public static IouFaceTracker defaults() {
        return DEFAULT;
    }

    /**
     * Step 1 of the rule: the faces of one frame worth following.
     *
     * @param faces the faces of one frame
     * @return those at least {@code minRelativeArea} times the largest one's area, in the given order
     */
    public List<FaceBox> keepProminent(List<FaceBox> faces) {
        double largest = faces.stream().mapToDouble(FaceBox::area).max().orElse(0);
        List<FaceBox> kept = new ArrayList<>(faces.size());
        for (FaceBox f : faces) {
            if (f.area() >= minRelativeArea * largest) {
                kept.add(f);
            }
        }
        return kept;
    }

    /** Step 1 of the rule, {@link #keepProminent}. */
    @Override
    public List<FaceBox> selectFaces(List<FaceBox> faces) {
        return keepProminent(faces);
    }

    /**
     * Steps 2 and 3 of the rule.
     *
     * @param facesPerFrame the faces of each sampled frame, in frame order
     * @return for each frame and each of its faces, the id of its track (0, 1, … in order of first appearance
     *         among kept tracks), or -1 when the face's track was dropped
     */
    @Override
    public int[][] track(List<List<FaceBox>> facesPerFrame) {
        List<FaceBox> lastBox = new ArrayList<>();
        List<Integer> length = new ArrayList<>();
        int[][] raw = new int[facesPerFrame.size()][];
        for (int f = 0; f < facesPerFrame.size(); f++) {
            List<FaceBox> faces = facesPerFrame.get(f);
            int[] assigned = new int[faces.size()];
            Arrays.fill(assigned, -1);
            List<double[]> pairs = new ArrayList<>(); // {priority, track, face}; lower priority value wins
            for (int t = 0; t < lastBox.size(); t++) {
                FaceBox prev = lastBox.get(t);
                for (int i = 0; i < faces.size(); i++) {
                    FaceBox cur = faces.get(i);
                    double iou = prev.iou(cur);
                    if (iou >= minIou) {
                        pairs.add(new double[] {-iou, t, i});
                    } else if (maxCenterShift > 0) {
                        double size = Math.max(prev.width(), prev.height());
                        double shift = Math.hypot(cur.centerX() - prev.centerX(), cur.centerY() - prev.centerY());
                        double ratio = prev.area() > 0 ? cur.area() / prev.area() : 0;
                        if (size > 0 && shift <= maxCenterShift * size && ratio >= 0.5 && ratio <= 2) {
                            pairs.add(new double[] {1 + shift / size, t, i});
                        }
                    }
                }
            }
            pairs.sort(Comparator.comparingDouble(p -> p[0]));
            boolean[] trackTaken = new boolean[lastBox.size()];
            for (double[] p : pairs) {
                int t = (int) p[1];
                int i = (int) p[2];
                if (!trackTaken[t] && assigned[i] < 0) {
                    trackTaken[t] = true;
                    assigned[i] = t;
                }
            }
            for (int i = 0; i < faces.size(); i++) {
                if (assigned[i] < 0) {
                    assigned[i] = lastBox.size();
                    lastBox.add(faces.get(i));
                    length.add(1);
                } else {
                    lastBox.set(assigned[i], faces.get(i));
                    length.set(assigned[i], length.get(assigned[i]) + 1);
                }
            }
            raw[f] = assigned;
        }
        int longest = length.stream().mapToInt(Integer::intValue).max().orElse(0);
        int minLength = Math.max(1, (int) Math.ceil(minTrackFraction * longest));
        int[] renumber = new int[length.size()];
        int next = 0;
        for (int t = 0; t < length.size(); t++) {
            renumber[t] = length.get(t) >= minLength ? next++ : -1;
        }
        for (int[] frame : raw) {
            for (int i = 0; i < frame.length; i++) {
                frame[i] = renumber[frame[i]];
            }
        }
        return raw;
    }

    @Override
    public String toString() {
        return "IouFaceTracker[minIou=" + minIou + ", maxCenterShift=" + maxCenterShift + ", minRelativeArea="
                + minRelativeArea + ", minTrackFraction=" + minTrackFraction + "]";
    }
}
