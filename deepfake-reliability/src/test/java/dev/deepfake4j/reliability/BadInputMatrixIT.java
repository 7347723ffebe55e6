package dev.deepfake4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.VideoReport;
import dev.deepfake4j.testing.TestAssets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every file of {@code videos/robustness/} and about a hundred damaged files made here go through the whole default
 * pipeline. Each either scores (a probability in [0.01, 0.99]) or fails with a {@link DeepfakeException} whose code
 * is the one expected and whose message names the file; nothing else may come out (no other exception, no
 * {@link Error}), nothing may take longer than {@link #PER_VIDEO}, and the forked JVM must survive (failsafe forks
 * one per class; a native crash fails the build).
 */
class BadInputMatrixIT {
    private static final Logger LOG = LoggerFactory.getLogger(BadInputMatrixIT.class);
    /** Hang guard per file; the detector's own videoTimeout (below) should act long before. */
    private static final Duration PER_VIDEO = Duration.ofSeconds(60);
    /** Codes a damaged or odd file may end in. */
    private static final Set<ErrorCode> INPUT_ERRORS = EnumSet.of(ErrorCode.NOT_A_VIDEO, ErrorCode.DECODE_FAILED,
            ErrorCode.UNSUPPORTED_INPUT);

    private static DeepfakeDetector detector;

    @TempDir
    static Path dir;

    @BeforeAll
    static void buildDetector() throws DeepfakeException {
        detector = Pipelines.detector(4, Duration.ofSeconds(30));
    }

    @AfterAll
    static void closeDetector() {
        if (detector != null) {
            detector.close();
        }
    }

    /** What a case may end in: scored, or one of the codes. */
    private record Expect(boolean mayScore, Set<ErrorCode> codes) {
        static Expect scores() {
            return new Expect(true, EnumSet.noneOf(ErrorCode.class));
        }

        static Expect fails(ErrorCode code, ErrorCode... more) {
            return new Expect(false, EnumSet.of(code, more));
        }

        static Expect scoresOr(Set<ErrorCode> codes) {
            return new Expect(true, EnumSet.copyOf(codes));
        }
    }

    private static DynamicTest matrixCase(String name, Path video, Expect expect) {
        return DynamicTest.dynamicTest(name, () -> assertTimeoutPreemptively(PER_VIDEO, () -> check(video, expect)));
    }

    private static void check(Path video, Expect expect) {
        try {
            VideoReport r = detector.analyze(video);
            assertThat(expect.mayScore()).as("%s scored p=%s but should have failed with %s", video, r.pFake(),
                    expect.codes()).isTrue();
            assertThat(r.pFake()).isBetween(0.01, 0.99);
            LOG.info("{}: scored {} ({} warnings)", video.getFileName(), r.pFake(), r.warnings().size());
        } catch (DeepfakeException e) {
            LOG.info("{}: {}", video.getFileName(), e.toString());
            assertThat(e.code()).as("code of %s", e).isIn(expect.codes());
            assertThat(e.getMessage()).contains(video.getFileName().toString());
        } catch (Throwable t) {
            fail("%s ended in %s instead of a report or a DeepfakeException", video, t, t);
        }
    }

    @TestFactory
    Stream<DynamicTest> everySharedRobustnessFile() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        Path folder = TestAssets.require("videos/robustness");
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.sorted().toList()) {
                tests.add(matrixCase(f.getFileName().toString(), f, expectedFor(f.getFileName().toString())));
            }
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(13);
        return tests.stream();
    }

    /** What each shared file gives (SOURCES.md describes each). */
    private static Expect expectedFor(String name) {
        return switch (name) {
            case "moviepy_result.webm", "moviepy_crunching.mp3", "derived_truncated_moov_missing.mp4" ->
                    Expect.fails(ErrorCode.NOT_A_VIDEO);
            default -> Expect.scores(); // cut short, rotated, VFR, no duration, alpha, 1x1: all still have frames
        };
    }

    @TestFactory
    Stream<DynamicTest> truncations() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        // moov first (faststart, itself cut at 300000): cutting inside ftyp/moov loses the index; after it,
        // frames that are there still score.
        byte[] faststart = Files.readAllBytes(TestAssets.require("videos/robustness/derived_truncated_faststart.mp4"));
        int moovEnd = 32 + 9333;
        for (int cut : new int[] {1, 7, 8, 16, 31, 32, 40, 100, 1000, 4000, 9000, moovEnd - 1, moovEnd, moovEnd + 8,
                moovEnd + 100, 12_000, 20_000, 50_000, 100_000, 200_000, 299_999}) {
            Path p = write("faststart-cut-" + cut + ".mp4", Arrays.copyOf(faststart, cut));
            Expect e = cut < moovEnd ? Expect.fails(ErrorCode.NOT_A_VIDEO, ErrorCode.DECODE_FAILED)
                    : Expect.scoresOr(EnumSet.of(ErrorCode.DECODE_FAILED));
            tests.add(matrixCase(p.getFileName().toString(), p, e));
        }
        // moov last (as cameras write): any cut before the end loses the index.
        byte[] moovLast = Files.readAllBytes(TestAssets.require("videos/robustness/moviepy_example.mp4"));
        for (int cut : new int[] {4, 32, 40, 1000, 30_000, 68_775, 69_500, moovLast.length - 1}) {
            Path p = write("moovlast-cut-" + cut + ".mp4", Arrays.copyOf(moovLast, cut));
            // FFmpeg still reads an index that lacks only its last byte.
            Expect e = cut <= 68_775 ? Expect.fails(ErrorCode.NOT_A_VIDEO, ErrorCode.DECODE_FAILED)
                    : Expect.scoresOr(EnumSet.of(ErrorCode.NOT_A_VIDEO, ErrorCode.DECODE_FAILED));
            tests.add(matrixCase(p.getFileName().toString(), p, e));
        }
        // WebM (EBML) cut short.
        byte[] webm = Files.readAllBytes(TestAssets.require("videos/robustness/moviepy_big_buck_bunny_432_433.webm"));
        for (int cut : new int[] {4, 64, 512, 5_000, 40_000, webm.length - 1}) {
            Path p = write("webm-cut-" + cut + ".webm", Arrays.copyOf(webm, cut));
            tests.add(matrixCase(p.getFileName().toString(), p, Expect.scoresOr(INPUT_ERRORS)));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> byteFlips() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        byte[] original = Files.readAllBytes(TestAssets.require("videos/general/face_recognition_short_hamilton_clip.mp4"));
        int moovStart = 604_704;
        Random random = new Random(20_261_125);
        for (int i = 0; i < 15; i++) {
            // Header flips: in ftyp and in the moov index (sample tables, codec config).
            byte[] b = original.clone();
            for (int k = 0; k < 1 + random.nextInt(8); k++) {
                int at = random.nextBoolean() ? random.nextInt(32) : moovStart + random.nextInt(b.length - moovStart);
                b[at] ^= (byte) (1 + random.nextInt(255));
            }
            Path p = write("header-flips-" + i + ".mp4", b);
            tests.add(matrixCase(p.getFileName().toString(), p, Expect.scoresOr(INPUT_ERRORS)));
        }
        for (int i = 0; i < 15; i++) {
            // Media flips: bursts inside mdat (compressed frames).
            byte[] b = original.clone();
            for (int k = 0; k < 1 + random.nextInt(50); k++) {
                int at = 48 + random.nextInt(moovStart - 48 - 64);
                for (int j = 0; j < 1 + random.nextInt(64); j++) {
                    b[at + j] = (byte) random.nextInt(256);
                }
            }
            Path p = write("media-flips-" + i + ".mp4", b);
            tests.add(matrixCase(p.getFileName().toString(), p, Expect.scoresOr(INPUT_ERRORS)));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> oddFiles() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        Random random = new Random(7);

        // A valid header (ftyp + moov of the faststart file) with random bytes where the frames should be.
        byte[] faststart = Files.readAllBytes(TestAssets.require("videos/robustness/derived_truncated_faststart.mp4"));
        byte[] garbageBody = faststart.clone();
        for (int i = 9373 + 8; i < garbageBody.length; i++) {
            garbageBody[i] = (byte) random.nextInt(256);
        }
        Path garbage = write("valid-header-garbage-after.mp4", garbageBody);
        tests.add(matrixCase("valid header, garbage after it", garbage, Expect.fails(ErrorCode.DECODE_FAILED)));

        byte[] zeros = faststart.clone();
        Arrays.fill(zeros, 9373 + 8, zeros.length, (byte) 0);
        Path zeroBody = write("valid-header-zeros-after.mp4", zeros);
        tests.add(matrixCase("valid header, zeros after it", zeroBody, Expect.fails(ErrorCode.DECODE_FAILED)));

        Path text = Files.writeString(dir.resolve("readme.mp4"), "# Not a video\nJust text renamed to .mp4.\n".repeat(40));
        tests.add(matrixCase("text renamed .mp4", text, Expect.fails(ErrorCode.NOT_A_VIDEO)));

        byte[] noise = new byte[200_000];
        random.nextBytes(noise);
        Path random200k = write("noise.mp4", noise);
        tests.add(matrixCase("200 kB of random bytes", random200k, Expect.fails(ErrorCode.NOT_A_VIDEO)));

        Path loopA = dir.resolve("loop-a.mp4");
        Path loopB = dir.resolve("loop-b.mp4");
        Files.createSymbolicLink(loopA, loopB);
        Files.createSymbolicLink(loopB, loopA);
        tests.add(matrixCase("symlink loop", loopA, Expect.fails(ErrorCode.NOT_READABLE)));

        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.mp4"), dir.resolve("gone.mp4"));
        tests.add(matrixCase("dangling symlink", dangling, Expect.fails(ErrorCode.FILE_NOT_FOUND)));

        tests.add(matrixCase("a directory", Files.createDirectories(dir.resolve("folder.mp4")),
                Expect.fails(ErrorCode.NOT_READABLE)));

        Path unreadable = Files.copy(TestAssets.require("videos/robustness/moviepy_example.mp4"),
                dir.resolve("unreadable.mp4"));
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
        tests.add(DynamicTest.dynamicTest("unreadable file (chmod 000)", () -> {
            Assumptions.assumeFalse(Files.isReadable(unreadable), "running as root (or with CAP_DAC_OVERRIDE): "
                    + "chmod 000 does not stop this process reading, so the unreadable case cannot be made here");
            assertTimeoutPreemptively(PER_VIDEO, () -> check(unreadable, Expect.fails(ErrorCode.NOT_READABLE)));
        }));

        // A real video 3900+ characters deep (PATH_MAX is 4096 on Linux), and a name longer than NAME_MAX.
        Path deep = dir;
        while (deep.toString().length() < 3700) {
            deep = deep.resolve("d".repeat(120));
        }
        Files.createDirectories(deep);
        Path longPath = Files.copy(TestAssets.require("videos/robustness/moviepy_example.mp4"),
                deep.resolve("clip-" + "x".repeat(200) + ".mp4"));
        assertThat(longPath.toString().length()).isGreaterThan(3900);
        tests.add(matrixCase("path of " + longPath.toString().length() + " characters", longPath, Expect.scores()));
        Path tooLong = dir.resolve("n".repeat(300) + ".mp4");
        tests.add(matrixCase("file name of 304 characters", tooLong, Expect.fails(ErrorCode.FILE_NOT_FOUND)));

        // Declared 65535x65535 in a YUV4MPEG2 header: FFmpeg's own image-size check refuses it while reading the
        // header. 12000x12000 passes FFmpeg's check and must be stopped by ours (8192 by default) before any
        // 216 MB frame buffer is allocated.
        Path huge = write("declared-65535x65535.y4m", y4m(65535, 65535));
        tests.add(matrixCase("y4m declaring 65535x65535", huge, Expect.fails(ErrorCode.NOT_A_VIDEO)));
        Path big = write("declared-12000x12000.y4m", y4m(12000, 12000));
        tests.add(matrixCase("y4m declaring 12000x12000", big, Expect.fails(ErrorCode.UNSUPPORTED_INPUT)));
        // An MP4 whose tkhd and avc1 boxes claim 65535x65535: FFmpeg takes the size from the H.264 parameter sets
        // (640x480), so it scores.
        Path hugeMp4 = write("declared-65535x65535.mp4", patchedSize(
                Files.readAllBytes(TestAssets.require("videos/robustness/moviepy_example.mp4")), 65535));
        tests.add(matrixCase("mp4 whose tkhd/avc1 declare 65535x65535", hugeMp4, Expect.scores()));

        // A relative name that looks like an FFmpeg protocol ("pipe:", "http:"): it must be read as the file it is.
        // Made in the working directory (only a bare name can look like a protocol) and removed after the case.
        for (String name : new String[] {"pipe:3.mp4", "http:clip.mp4"}) {
            Path protocolLike = Path.of(name);
            tests.add(DynamicTest.dynamicTest("relative file named " + name, () -> {
                Files.copy(TestAssets.require("videos/robustness/moviepy_example.mp4"), protocolLike);
                try {
                    assertTimeoutPreemptively(PER_VIDEO, () -> check(protocolLike, Expect.scores()));
                } finally {
                    Files.deleteIfExists(protocolLike);
                }
            }));
        }

        // A text playlist named .mp4 whose segments are on the network: FFmpeg's HLS demuxer would fetch them.
        Path playlist = Files.writeString(dir.resolve("playlist.mp4"), "#EXTM3U\n#EXT-X-TARGETDURATION:2\n"
                + "#EXTINF:2.0,\nhttp://127.0.0.1:9/segment0.ts\n#EXTINF:2.0,\nhttp://127.0.0.1:9/segment1.ts\n"
                + "#EXT-X-ENDLIST\n");
        tests.add(matrixCase("HLS playlist pointing at the network", playlist, Expect.fails(ErrorCode.NOT_A_VIDEO,
                ErrorCode.DECODE_FAILED)));

        Path fifo = dir.resolve("stalled.mp4");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        try {
            if (mk.waitFor() == 0) {
                tests.add(matrixCase("FIFO nobody writes to", fifo, Expect.fails(ErrorCode.NOT_READABLE)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return tests.stream();
    }

    /** @return a YUV4MPEG2 file declaring the size, with 100 kB of (too little) frame data */
    private static byte[] y4m(int width, int height) {
        byte[] header = ("YUV4MPEG2 W" + width + " H" + height + " F25:1 Ip A1:1 C420jpeg\nFRAME\n")
                .getBytes(StandardCharsets.US_ASCII);
        return Arrays.copyOf(header, header.length + 100_000);
    }

    /** Writes {@code size} into every tkhd (16.16 fixed point) and avc1 (16-bit) width and height. */
    static byte[] patchedSize(byte[] mp4, int size) {
        byte[] b = mp4.clone();
        ByteBuffer buf = ByteBuffer.wrap(b);
        int patched = 0;
        for (int i = 4; i + 4 <= b.length; i++) {
            if (b[i] == 't' && b[i + 1] == 'k' && b[i + 2] == 'h' && b[i + 3] == 'd') {
                int version = b[i + 4];
                // Box header (size, type), then version/flags; width and height are the last 8 bytes of the box.
                int boxSize = buf.getInt(i - 4);
                int end = i - 4 + boxSize;
                buf.putInt(end - 8, size << 16);
                buf.putInt(end - 4, size << 16);
                patched++;
                assertThat(version).isIn(0, 1);
            } else if (b[i] == 'a' && b[i + 1] == 'v' && b[i + 2] == 'c' && b[i + 3] == '1' && i > 100) {
                // VisualSampleEntry: 6 reserved + 2 data-ref index + 16 pre-defined/reserved, then width, height.
                int widthAt = i + 4 + 6 + 2 + 16;
                buf.putShort(widthAt, (short) size);
                buf.putShort(widthAt + 2, (short) size);
                patched++;
            }
        }
        assertThat(patched).as("tkhd and avc1 boxes patched").isGreaterThanOrEqualTo(2);
        return b;
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
