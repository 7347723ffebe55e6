import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.VideoReport;
import dev.deepfake4j.face.FaceTrack;
import java.nio.file.Path;

/**
 * Prints the default detector's p_fake of each video given, at full double precision, with the unclipped score of
 * each track: the values docs/golden/README.md records (the CLI's --json rounds to 4 decimals). Run it with the
 * command-line tool's class path, see docs/golden/README.md.
 */
public class RecordScores {
    public static void main(String[] args) throws Exception {
        try (DeepfakeDetector detector = DeepfakeDetector.builder().build()) {
            for (String a : args) {
                VideoReport r = detector.analyze(Path.of(a));
                StringBuilder tracks = new StringBuilder();
                for (FaceTrack t : r.tracks()) {
                    tracks.append(tracks.length() == 0 ? "" : ",").append(t.pFake()).append('/').append(t.faces().size());
                }
                System.out.println(Path.of(a).getFileName() + "\t" + r.pFake() + "\t" + tracks);
            }
        }
    }
}
