package dev.deepfake4j.reliability;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;

import dev.deepfake4j.models.manifest.ModelManifest;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the committed seed corpus of the fuzz tests ({@code src/test/resources/.../<Test>Inputs/<method>/}): a few
 * small inputs per target, all made here (never copied from the shared assets). Run it only to regenerate them:
 * {@code mvn -pl deepfake-reliability -am test -Dtest=FuzzSeeds -Ddeepfake4j.fuzz.writeSeeds=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "deepfake4j.fuzz.writeSeeds", matches = "true")
class FuzzSeeds {
    private static final Path RESOURCES = Path.of("src/test/resources/dev/deepfake4j/reliability");

    private static Path seedDir(String testClass, String method) throws IOException {
        return Files.createDirectories(RESOURCES.resolve(testClass + "Inputs").resolve(method));
    }

    @Test
    void videoSeeds() throws IOException {
        Path d = seedDir("DecoderFuzzTest", "openAndDecodeAnyBytes");
        Files.write(d.resolve("tiny-420.y4m"), y4m(16, 16, "C420jpeg", 3, 16 * 16 * 3 / 2));
        Files.write(d.resolve("tiny-444.y4m"), y4m(8, 8, "C444", 2, 8 * 8 * 3));
        encode(d.resolve("tiny-mpeg4.mp4"), "mp4");
        encode(d.resolve("tiny-mpeg4.mkv"), "matroska");
        encode(d.resolve("tiny-mpeg4.avi"), "avi");
    }

    @Test
    void manifestSeeds() throws IOException, dev.deepfake4j.DeepfakeException {
        Path d = seedDir("ManifestFuzzTest", "parseAnyJson");
        Files.writeString(d.resolve("mesonet.json"), """
                {"name": "mesonet4-df", "task": "classifier",
                 "input": {"name": "input", "layout": "NCHW", "width": 256, "height": 256, "channels": "RGB",
                           "scale": "1/255", "mean": [0, 0, 0], "std": [1, 1, 1], "interpolation": "nearest"},
                 "output": {"name": "prob_real", "kind": "probability", "index": 0, "positive": "real"},
                 "license": "Apache-2.0", "source": "https://github.com/DariusAf/MesoNet"}
                """);
        Files.writeString(d.resolve("minimal.json"), "{\"name\": \"m\", \"task\": \"classifier\"}");
        Files.writeString(d.resolve("defaults-written.json"),
                ModelManifest.parse(Files.readString(d.resolve("mesonet.json")), "seed").toJson());
    }

    @Test
    void labelSeeds() throws IOException {
        Path d = seedDir("DfdcLabelsFuzzTest", "parseAnyMetadata");
        Files.writeString(d.resolve("two-videos.json"), """
                {"aaa.mp4": {"label": "FAKE", "split": "train", "original": "bbb.mp4"},
                 "bbb.mp4": {"label": "REAL", "split": "train"}}
                """);
        Files.writeString(d.resolve("bad-label.json"), "{\"x.mp4\": {\"label\": \"MAYBE\"}}");
        Files.writeString(d.resolve("unicode-key.json"), "{\"vid\u00e9o/\u00e9t\u00e9.mp4\": {\"label\": \"REAL\"}}");
    }

    @Test
    void kerasSeeds() throws IOException {
        Path d = seedDir("MesoNetImporterFuzzTest", "importAnyHdf5");
        // One Conv2D layer in save_weights' layout, and a layer whose weights are named but missing.
        Path conv = d.resolve("one-conv-layer.h5");
        try (WritableHdfFile hdf = HdfFile.write(conv)) {
            hdf.putAttribute("layer_names", new String[] {"conv2d_1"});
            WritableGroup layer = hdf.putGroup("conv2d_1");
            layer.putAttribute("weight_names", new String[] {"conv2d_1/kernel:0", "conv2d_1/bias:0"});
            WritableGroup inner = layer.putGroup("conv2d_1");
            inner.putDataset("kernel:0", new float[3][3][3][2]);
            inner.putDataset("bias:0", new float[] {0.5f, -0.5f});
        }
        try (WritableHdfFile hdf = HdfFile.write(d.resolve("weights-missing.h5"))) {
            hdf.putAttribute("layer_names", new String[] {"dense_1"});
            hdf.putGroup("dense_1").putAttribute("weight_names", new String[] {"dense_1/kernel:0"});
        }
        Files.write(d.resolve("not-hdf5.h5"), "\u0089HDF\r\n\u001a\n-truncated".getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * PyTorch checkpoints in both formats, written opcode by opcode: a raw state dict (zip), the polimi and SBI
     * training dicts {@code {'net': …, 'opt': …}} and {@code {'model': …, 'optimizer': …, 'epoch': 99}} whose
     * optimizer tensors have no storage in the file, a legacy-format state dict, and a pickle calling
     * {@code os.system}.
     */
    @Test
    void checkpointSeeds() throws IOException {
        Path d = seedDir("TorchCheckpointFuzzTest", "readAnyCheckpoint");
        byte[] weights = floats(1.5f, -2f);
        Files.write(d.resolve("raw-state-dict.pth"), torchZip("raw-state-dict", new Pickle().proto()
                .stateDict("efficientnet._conv_stem.weight", "0", true).stop(), weights));
        Files.write(d.resolve("train-net-opt.pth"), torchZip("train-net-opt", new Pickle().proto().dict()
                .str("net").stateDict("classifier.weight", "0", true)
                .str("opt").dict().str("state").dict().integer(133).dict().str("exp_avg")
                .tensor("FloatStorage", "9", 320).setItems().setItems().setItems()
                .str("epoch").integer(3).setItems().stop(), weights));
        Files.write(d.resolve("sbi-model-optimizer.tar"), torchZip("sbi-model-optimizer", new Pickle().proto()
                .dict().str("model").stateDict("net._fc.bias", "0", false)
                .str("optimizer").dict().str("state").dict().integer(134).dict().str("e_w")
                .tensor("FloatStorage", "7", 2).setItems().setItems().setItems()
                .str("epoch").integer(99).setItems().stop(), weights));
        Files.write(d.resolve("os-system.pth"), torchZip("os-system", new Pickle().proto()
                .global("os", "system").mark().str("true").raw('t', 'R').stop(), weights));
        Files.write(d.resolve("legacy-state-dict.pth"), legacy(weights));
        // The well-formed seeds read as one-tensor state dicts, so that the fuzzer starts from valid files.
        for (String seed : new String[] {"raw-state-dict.pth", "train-net-opt.pth", "sbi-model-optimizer.tar",
                "legacy-state-dict.pth"}) {
            try {
                org.assertj.core.api.Assertions.assertThat(dev.deepfake4j.models.torch.TorchCheckpoint
                        .readStateDict(d.resolve(seed))).as(seed).hasSize(1);
            } catch (dev.deepfake4j.DeepfakeException e) {
                throw new AssertionError(seed + " does not read: " + e.getMessage(), e);
            }
        }
    }

    /** Protocol-2 pickle opcodes for the checkpoint seeds. */
    private static final class Pickle {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        Pickle raw(int... bytes) {
            for (int b : bytes) {
                out.write(b);
            }
            return this;
        }

        Pickle proto() {
            return raw(0x80, 2);
        }

        Pickle stop() {
            return raw('.');
        }

        Pickle mark() {
            return raw('(');
        }

        Pickle dict() {
            return raw('}').mark();
        }

        Pickle setItems() {
            return raw('u');
        }

        Pickle str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            raw('X', b.length & 0xFF, (b.length >>> 8) & 0xFF, 0, 0);
            out.writeBytes(b);
            return this;
        }

        Pickle integer(int v) {
            return raw('J', v & 0xFF, (v >>> 8) & 0xFF, (v >>> 16) & 0xFF, (v >>> 24) & 0xFF);
        }

        Pickle global(String module, String name) {
            raw('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        /** {@code _rebuild_tensor_v2(storage, 0, (n,), (1,), False, OrderedDict())}, zip-style persistent id. */
        Pickle tensor(String storageClass, String key, int n) {
            global("torch._utils", "_rebuild_tensor_v2").mark();
            mark().str("storage").global("torch", storageClass).str(key).str("cpu").integer(n).raw('t', 'Q');
            integer(0).mark().integer(n).raw('t').mark().integer(1).raw('t', 0x89);
            return global("collections", "OrderedDict").raw(')', 'R', 't', 'R');
        }

        /** An OrderedDict with one float32 [2] tensor, optionally with torch's {@code _metadata} set by BUILD. */
        Pickle stateDict(String name, String key, boolean metadata) {
            global("collections", "OrderedDict").raw(')', 'R').mark().str(name).tensor("FloatStorage", key, 2)
                    .setItems();
            return metadata ? dict().str("_metadata").dict().setItems().setItems().raw('b') : this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private static byte[] floats(float... values) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    /** torch's zip layout: {@code <root>/data.pkl}, {@code <root>/byteorder}, {@code <root>/data/0}, stored. */
    private static byte[] torchZip(String root, Pickle pickle, byte[] storage0) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            stored(zip, root + "/data.pkl", pickle.bytes());
            stored(zip, root + "/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            stored(zip, root + "/data/0", storage0);
            stored(zip, root + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }

    private static void stored(java.util.zip.ZipOutputStream zip, String name, byte[] data) throws IOException {
        java.util.zip.ZipEntry e = new java.util.zip.ZipEntry(name);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(data);
        e.setMethod(java.util.zip.ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /**
     * torch's legacy format: pickles of the magic number, protocol 1001, system info, the state dict (storage
     * ids {@code ('storage', FloatStorage, '0', 'cpu', 2, None)}), the storage key list, then the storage as an
     * 8-byte little-endian element count and its bytes.
     */
    private static byte[] legacy(byte[] storage) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        // LONG1 of 0x1950a86a20f9469cfc6c, little-endian
        out.writeBytes(new Pickle().proto().raw(0x8a, 10, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19)
                .stop().bytes());
        out.writeBytes(new Pickle().proto().integer(1001).stop().bytes());
        out.writeBytes(new Pickle().proto().dict().str("protocol_version").integer(1001).str("little_endian")
                .raw(0x88).setItems().stop().bytes());
        Pickle sd = new Pickle().proto().global("collections", "OrderedDict").raw(')', 'R').mark()
                .str("efficientnet._bn0.weight").global("torch._utils", "_rebuild_tensor_v2").mark()
                .mark().str("storage").global("torch", "FloatStorage").str("0").str("cpu").integer(2).raw('N', 't', 'Q')
                .integer(0).mark().integer(2).raw('t').mark().integer(1).raw('t', 0x89)
                .global("collections", "OrderedDict").raw(')', 'R', 't', 'R').setItems().stop();
        out.writeBytes(sd.bytes());
        out.writeBytes(new Pickle().proto().raw(']').mark().str("0").raw('e').stop().bytes());
        out.writeBytes(new byte[] {2, 0, 0, 0, 0, 0, 0, 0});
        out.writeBytes(storage);
        return out.toByteArray();
    }

    private static byte[] y4m(int width, int height, String chroma, int frames, int frameBytes) {
        StringBuilder s = new StringBuilder("YUV4MPEG2 W" + width + " H" + height + " F25:1 Ip A1:1 " + chroma + "\n");
        byte[] header = s.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] frameHeader = "FRAME\n".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[header.length + frames * (frameHeader.length + frameBytes)];
        System.arraycopy(header, 0, out, 0, header.length);
        int at = header.length;
        for (int f = 0; f < frames; f++) {
            System.arraycopy(frameHeader, 0, out, at, frameHeader.length);
            at += frameHeader.length;
            for (int i = 0; i < frameBytes; i++) {
                out[at + i] = (byte) (16 + (i * 7 + f * 40) % 220);
            }
            at += frameBytes;
        }
        return out;
    }

    /** Encodes 6 frames of 32x32 MPEG-4 part 2 (FFmpeg's built-in encoder) into {@code container}. */
    private static void encode(Path file, String container) {
        AVCodec encoder = avcodec_find_encoder(AV_CODEC_ID_MPEG4);
        AVFormatContext out = new AVFormatContext(null);
        check(avformat_alloc_output_context2(out, null, container, file.toString()), "alloc output");
        AVCodecContext enc = avcodec_alloc_context3(encoder);
        AVFrame frame = av_frame_alloc();
        AVPacket pkt = av_packet_alloc();
        try {
            AVRational tb = new AVRational().num(1).den(25);
            enc.width(32).height(32).pix_fmt(AV_PIX_FMT_YUV420P).time_base(tb).gop_size(3).max_b_frames(1);
            if ((out.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
                enc.flags(enc.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            }
            check(avcodec_open2(enc, encoder, (AVDictionary) null), "open encoder");
            AVStream st = avformat_new_stream(out, null);
            check(avcodec_parameters_from_context(st.codecpar(), enc), "parameters");
            st.time_base(tb);
            AVIOContext pb = new AVIOContext(null);
            check(avio_open(pb, file.toString(), AVIO_FLAG_WRITE), "open file");
            out.pb(pb);
            check(avformat_write_header(out, (AVDictionary) null), "write header");
            frame.format(AV_PIX_FMT_YUV420P).width(32).height(32);
            check(av_frame_get_buffer(frame, 0), "frame buffer");
            for (int i = 0; i < 6; i++) {
                check(av_frame_make_writable(frame), "writable");
                for (int p = 0; p < 3; p++) {
                    int rows = p == 0 ? 32 : 16;
                    for (int r = 0; r < rows; r++) {
                        for (int c = 0; c < rows; c++) {
                            frame.data(p).put((long) r * frame.linesize(p) + c, (byte) (p == 0 ? (r + c) * 4 + i * 20 : 128));
                        }
                    }
                }
                frame.pts(i);
                check(avcodec_send_frame(enc, frame), "send frame");
                drain(enc, pkt, out, st);
            }
            check(avcodec_send_frame(enc, null), "flush");
            drain(enc, pkt, out, st);
            check(av_write_trailer(out), "trailer");
            avio_closep(out.pb());
        } finally {
            av_packet_free(pkt);
            av_frame_free(frame);
            avcodec_free_context(enc);
            avformat_free_context(out);
        }
    }

    private static void drain(AVCodecContext enc, AVPacket pkt, AVFormatContext out, AVStream st) {
        while (avcodec_receive_packet(enc, pkt) == 0) {
            if (pkt.duration() <= 0) {
                pkt.duration(1);
            }
            av_packet_rescale_ts(pkt, enc.time_base(), st.time_base());
            pkt.stream_index(st.index());
            check(av_interleaved_write_frame(out, pkt), "write packet");
        }
    }

    private static void check(int r, String what) {
        if (r < 0) {
            throw new IllegalStateException("FFmpeg failed to " + what + " (" + r + ")");
        }
    }
}
