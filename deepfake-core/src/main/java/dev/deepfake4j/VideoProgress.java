package dev.deepfake4j;

/**
 * Hears how far the analysis of one video has got: how many frames the sampler planned, each frame as it is
 * decoded and as its faces are located, each scored batch of faces, and the end. Pass one per call to
 * {@link DeepfakeDetector#analyze(VideoInput, VideoProgress)} or
 * {@link DeepfakeDetector#analyzeAsync(VideoInput, java.util.concurrent.Executor, VideoProgress)}; every method
 * has a no-op default, so implement only what you show.
 *
 * <p><b>Threads.</b> The calls come from the detector's threads: {@link #frameDecoded} from the decoding thread,
 * {@link #frameLocated} from the face-location thread (in frame order), {@link #facesClassified} from classifier
 * threads (possibly at the same time as the others); when other videos in flight keep every core busy,
 * {@link #frameLocated} comes from the decoding thread too (which, for {@code analyze}, is the caller's). An
 * implementation must therefore be thread-safe, should return quickly (it runs on the pipeline's path) and must
 * not throw: an exception it throws fails the video.
 *
 * <p><b>Counts.</b> For a video that succeeds: {@link #frameDecoded} is called once per decoded frame (at most
 * the planned count; fewer when the video is shorter than its header said), {@link #frameLocated} once per
 * decoded frame with its number of selected faces, the sum of {@link #facesClassified} is the number of crops
 * classified (the selected faces times the classifiers), and {@link #done} once, last. A video that fails or is
 * cancelled gets no {@code done()}.
 */
public interface VideoProgress {
    /** The listener that ignores everything: the default. */
    VideoProgress NONE = new VideoProgress() {
    };

    /** @param frames the number of frames the sampler planned to decode (an upper bound of what is decoded) */
    default void framesPlanned(int frames) {
    }

    /** @param index the 0-based index of the frame just decoded, in the video */
    default void frameDecoded(int index) {
    }

    /**
     * @param index the 0-based index of the frame, in the video
     * @param faces the number of faces selected in it (0 when none)
     */
    default void frameLocated(int index, int faces) {
    }

    /** @param crops the number of face crops one classifier has just scored (one batch) */
    default void facesClassified(int crops) {
    }

    /** The report is ready; called once, after every other call. */
    default void done() {
    }
}
