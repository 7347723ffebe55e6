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
