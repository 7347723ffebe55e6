package dev.deepfake4j.examples;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.VideoInput;
import dev.deepfake4j.VideoReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Scores an upload held in memory, as a web service receives it: the request body is read into a
 * {@code byte[]} and handed to the detector as it is, without a temporary file. The bytes are not copied, so they
 * must not change while the call reads them.
 *
 * <pre>{@code java -cp ... dev.deepfake4j.examples.ScoreUploadInMemory clip.mp4}</pre>
 */
public final class ScoreUploadInMemory {
    private ScoreUploadInMemory() {
    }

    /**
     * @param upload the whole uploaded video, e.g. an HTTP request body
     * @param detector the service's detector (built once, shared by every request)
     * @return the report; its path is the name given to the input, {@code upload.mp4}
     * @throws DeepfakeException when the upload is not a video that can be scored
     */
    public static VideoReport score(byte[] upload, DeepfakeDetector detector) throws DeepfakeException {
        return detector.analyze(VideoInput.of(upload, "upload.mp4"));
    }

    /**
     * Reads a body the way a servlet or handler would, then scores it with a fresh default detector.
     *
     * @param body the request body; read to its end, not closed
     * @return the report
     * @throws IOException when the body cannot be read
     * @throws DeepfakeException when the upload cannot be scored
     */
    public static VideoReport run(InputStream body) throws IOException, DeepfakeException {
        byte[] upload = body.readAllBytes();
        try (DeepfakeDetector detector = DeepfakeDetector.builder().build()) {
            return score(upload, detector);
        }
    }

    /**
     * @param args one video path, standing in for an upload
     * @throws Exception when the video cannot be read or scored
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ScoreUploadInMemory VIDEO");
            System.exit(2);
        }
        VideoReport r;
        try (InputStream body = Files.newInputStream(Path.of(args[0]))) {
            r = run(body);
        }
        System.out.printf(Locale.ROOT, "%s: P(fake) = %.4f -> %s%n", r.path(), r.pFake(), r.label());
    }
}
