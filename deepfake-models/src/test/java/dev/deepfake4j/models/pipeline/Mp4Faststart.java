package dev.deepfake4j.models.pipeline;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Moves an MP4's {@code moov} box from the end to before {@code mdat} (what {@code -movflags +faststart} does),
 * adding the moov's size to every chunk offset ({@code stco}, {@code co64}). For tests: same video bytes, other layout.
 */
final class Mp4Faststart {
    private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "stbl");

    private Mp4Faststart() {
    }

    private record Box(String type, int start, int size) {
    }

    private static List<Box> boxes(ByteBuffer b, int from, int to) {
        List<Box> out = new ArrayList<>();
        for (int at = from; at + 8 <= to; ) {
            long size = Integer.toUnsignedLong(b.getInt(at));
            String type = new String(new byte[] {b.get(at + 4), b.get(at + 5), b.get(at + 6), b.get(at + 7)},
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            if (size == 1) {
                size = b.getLong(at + 8);
            } else if (size == 0) {
                size = to - at;
            }
            if (size < 8 || at + size > to) {
                throw new IllegalArgumentException("bad box " + type + " at " + at);
            }
            out.add(new Box(type, at, (int) size));
            at += (int) size;
        }
        return out;
    }

    static boolean moovBeforeMdat(byte[] mp4) {
        List<String> types = boxes(ByteBuffer.wrap(mp4), 0, mp4.length).stream().map(Box::type).toList();
        return types.indexOf("moov") < types.indexOf("mdat");
    }

    static byte[] rewrite(byte[] mp4) {
        ByteBuffer in = ByteBuffer.wrap(mp4);
        List<Box> top = boxes(in, 0, mp4.length);
        Box moov = top.stream().filter(x -> x.type().equals("moov")).findFirst().orElseThrow();
        byte[] moved = java.util.Arrays.copyOfRange(mp4, moov.start(), moov.start() + moov.size());
        shiftOffsets(ByteBuffer.wrap(moved), 8, moved.length, moov.size());
        ByteArrayOutputStream out = new ByteArrayOutputStream(mp4.length);
        for (Box x : top) {
            if (x.type().equals("mdat")) {
                out.writeBytes(moved);
            }
            if (!x.type().equals("moov")) {
                out.write(mp4, x.start(), x.size());
            }
        }
        return out.toByteArray();
    }

    private static void shiftOffsets(ByteBuffer b, int from, int to, long by) {
        for (Box x : boxes(b, from, to)) {
            if (CONTAINERS.contains(x.type())) {
                shiftOffsets(b, x.start() + 8, x.start() + x.size(), by);
            } else if (x.type().equals("stco") || x.type().equals("co64")) {
                int count = b.getInt(x.start() + 12);
                int at = x.start() + 16;
                for (int i = 0; i < count; i++) {
                    if (x.type().equals("stco")) {
                        b.putInt(at + 4 * i, (int) (Integer.toUnsignedLong(b.getInt(at + 4 * i)) + by));
                    } else {
                        b.putLong(at + 8 * i, b.getLong(at + 8 * i) + by);
                    }
                }
            }
        }
    }
}
