package dev.deepfake4j.models.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/**
 * The {@code ffmpeg} program that Bytedeco's FFmpeg jar carries (extracted by JavaCPP beside the libraries the
 * decoder uses), for tests that need a derived video: a clip looped into a longer stream, remuxed into another
 * container. Nothing is downloaded and no system FFmpeg is assumed.
 */
final class FfmpegProgram {
    private FfmpegProgram() {
    }

    /**
     * Remuxes the video stream of {@code clip}, played {@code times} times in a row, into {@code out} without
     * re-encoding ({@code -stream_loop}, {@code -c copy}): the frames are the clip's, their timestamps continue.
     *
     * @param clip the source file
     * @param times how many copies, at least 1
     * @param format the output container, e.g. {@code mpegts}
     * @param out the file to write
     * @return {@code out}
     */
    static Path loop(Path clip, int times, String format, Path out) throws IOException, InterruptedException {
        run(List.of("-stream_loop", Integer.toString(times - 1), "-i", clip.toString(), "-map", "0:v", "-c", "copy",
                "-f", format, out.toString()));
        return out;
    }

    private static void run(List<String> args) throws IOException, InterruptedException {
        String program = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        List<String> command = new ArrayList<>(List.of(program, "-hide_banner", "-loglevel", "error", "-nostdin",
                "-y"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // the program finds the libraries it was built with (libva among them) beside itself, not on the system
        builder.environment().put("LD_LIBRARY_PATH", Path.of(program).getParent().toString());
        Process p = builder.start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("ffmpeg failed: " + command + "\n" + new String(output, StandardCharsets.UTF_8));
        }
    }
}
