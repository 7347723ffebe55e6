package dev.deepfake4j.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code ffmpeg} program that Bytedeco's FFmpeg jar carries (extracted by JavaCPP beside the libraries the
 * decoder uses), for tests that need a derived video: a clip looped into a longer stream, remuxed into another
 * container. Nothing is downloaded and no system FFmpeg is assumed. It is found by reflection, so this class
 * compiles in any module; it runs where the test class path holds Bytedeco's FFmpeg (deepfake-video and above).
 */
public final class FfmpegProgram {
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
    public static Path loop(Path clip, int times, String format, Path out) throws IOException, InterruptedException {
        run(List.of("-stream_loop", Integer.toString(times - 1), "-i", clip.toString(), "-map", "0:v", "-c", "copy",
                "-f", format, out.toString()));
        return out;
    }

    /** @return the path of the extracted program ({@code Loader.load(org.bytedeco.ffmpeg.ffmpeg.class)}) */
    private static String program() throws IOException {
        try {
            Class<?> loader = Class.forName("org.bytedeco.javacpp.Loader");
            return (String) loader.getMethod("load", Class.class).invoke(null,
                    Class.forName("org.bytedeco.ffmpeg.ffmpeg"));
        } catch (ReflectiveOperationException e) {
            throw new IOException("Bytedeco's FFmpeg is not on the test class path: " + e, e);
        }
    }

    private static void run(List<String> args) throws IOException, InterruptedException {
        String program = program();
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
