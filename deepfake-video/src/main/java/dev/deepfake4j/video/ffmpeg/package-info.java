/**
 * Video decoding with FFmpeg (libavformat, libavcodec, libswscale through Bytedeco's presets, not JavaCV):
 * {@link dev.deepfake4j.video.ffmpeg.FfmpegVideoDecoder} opens a file and gives a
 * {@link dev.deepfake4j.spi.VideoSource} that executes a {@link dev.deepfake4j.sampling.SamplePlan}, decoding
 * only what the plan needs.
 *
 * <h2>Frame index and time</h2>
 * A frame's index is its position in presentation order: the rank of its presentation timestamp among all frames
 * of the stream (packets the container marks as discarded, e.g. before an edit list's start, do not count). At open
 * the source reads every packet of files up to 1 GiB once, without decoding (a few milliseconds for a 10-second
 * 1080p clip), so it knows every frame's timestamp and keyframe; that makes indices exact even after seeking and
 * skipping, and makes {@link dev.deepfake4j.sampling.VideoInfo#frameCount()} exact for every container, WebM
 * included. Larger files, and streams whose packets lack timestamps, are decoded front to back and each frame's
 * index is its position in the decoder's output. A frame's time ({@link dev.deepfake4j.image.Frame#ptsSeconds()})
 * is counted in seconds from the first frame, so the first frame is at 0 even when the container starts the
 * stream later; a {@code TIMESTAMPS} plan's times are on the same clock. Variable-frame-rate video is handled by
 * these timestamps, never by multiplying indices by a frame rate.
 *
 * <h2>Decoding only what is needed</h2>
 * <ul>
 * <li>No frame is colour-converted unless the plan wants it; conversion and scaling
 * ({@link dev.deepfake4j.spi.DecodeOptions#scaleLongSide()}) happen in one {@code sws_scale} call into a reused
 * buffer; rotation (display-matrix metadata, e.g. portrait phone video) is one more pass into a second reused
 * buffer, so frames come out upright and {@code VideoInfo.width()/height()} are the displayed size.</li>
 * <li>A wanted frame at its own size and orientation, in 8-bit planar YUV and with a width that is a multiple of
 * 16, is delivered with pending pixels ({@link dev.deepfake4j.image.Frame#pendingView}): only the rectangles the
 * sink reads ({@code Frame.region}: the boxes around faces between whole-frame detections, the crops) are
 * converted, each by a scaler of its own size over the planes moved to its corner, byte for byte what a
 * whole-frame conversion writes there; any other read converts the whole frame once. Reading such a frame after
 * its callback returned throws {@link java.lang.IllegalStateException} instead of reading the next frame's
 * pixels.</li>
 * <li>When the keyframe before the next wanted frame lies past everything read so far, the source seeks to it
 * ({@code av_seek_frame} backwards, then checks it landed no later than asked, else decodes front to back).</li>
 * <li>Packets whose frame is not wanted are decoded with {@code skip_frame = AVDISCARD_NONREF}: non-reference frames
 * (most B-frames) nobody asked for are dropped, and no wanted frame depends on them.</li>
 * <li>{@link dev.deepfake4j.spi.DecodeOptions#fastSeek()} decodes with {@code skip_frame = AVDISCARD_BIDIR} (only I-
 * and P-frames, like {@code ffmpeg -skip_frame bidir}) and delivers, for each planned frame, the decoded frame
 * nearest to it in time; the delivered frame's index and time say which frame it really is, and two plan entries
 * that land on the same frame deliver it once. On a DFDC clip (222 of 300 frames are B-frames) this decodes about a
 * quarter of the frames. A B-frame that a P-frame references is then missing, and FFmpeg conceals the gap, as the
 * FFmpeg command line does.</li>
 * <li>{@link dev.deepfake4j.spi.DecodeOptions#skipLoopFilter()} sets {@code skip_loop_filter = AVDISCARD_ALL}, as
 * {@code ffmpeg -skip_loop_filter all}: the 9 shared clips decode with 0.77x the CPU under {@code -skip_frame bidir}
 * (FFmpeg's CLI, threads 1: 3.41 against 4.44 s), and no frame is exact any more.</li>
 * </ul>
 *
 * <h2>Bad input</h2>
 * Each failure is a {@link dev.deepfake4j.DeepfakeException} naming the file, with FFmpeg's own error text
 * ({@code av_strerror}) where FFmpeg failed: {@code FILE_NOT_FOUND} (a dangling symbolic link included);
 * {@code NOT_READABLE} for a directory, a file without read permission, a symbolic-link loop, or anything that is
 * not a regular file (a FIFO, socket or device is refused before FFmpeg sees it: FFmpeg's {@code open(2)} of a FIFO
 * without a writer blocks before any interrupt or time limit can act); {@code NOT_A_VIDEO} for 0 bytes, text, audio only, or an MP4 whose index (moov) is
 * missing; {@code UNSUPPORTED_INPUT} above the size limit (checked on the header before any frame buffer is
 * allocated, and again per frame) or without a decoder in this FFmpeg build; {@code DECODE_FAILED} when no frame at
 * all can be decoded; {@code CANCELLED} when the thread is interrupted or
 * {@link dev.deepfake4j.spi.DecodeOptions#timeout()} passes (checked for each packet and frame; each of
 * {@code open} and {@code decode} gets the whole timeout). A file cut short delivers the frames it has; that,
 * corrupt packets, and frames FFmpeg had to conceal are reported in
 * {@link dev.deepfake4j.spi.VideoSource#warnings()} while decoding goes on.
 *
 * <h2>Files, streams, bytes and URIs</h2>
 * A path is given to FFmpeg as {@code file:} plus the absolute path, with {@code protocol_whitelist=file}: a file
 * named like a protocol ({@code pipe:3.mp4}, {@code http:x.mp4}) is read as the file it is (before, FFmpeg read file
 * descriptor 3 or tried HTTP), and nothing inside a file can make FFmpeg open a network or other protocol. Other
 * {@link dev.deepfake4j.VideoInput}s: bytes and seekable channels are read in place through {@code CustomIo}
 * (an {@code AVIOContext} with read and seek callbacks, {@code protocol_whitelist=none}); a stream is spooled to a
 * bounded temporary file by {@code StreamSpool} (the decoder reads the packet index and then goes back, so no
 * container can be decoded from a stream that cannot seek) and removed when the source closes; a URI whose scheme
 * is in {@link dev.deepfake4j.spi.DecodeOptions#allowedProtocols()} is opened by FFmpeg with the whitelist set to
 * those schemes and their transports ({@code http}: {@code http,tcp}; {@code https}: {@code https,tls,tcp}; RTMP
 * and FTP add {@code tcp}, RTSP {@code rtp,udp,tcp}; never {@code file}) and {@code timeout}/{@code rw_timeout} from
 * {@link dev.deepfake4j.spi.DecodeOptions#networkTimeout()}. Messages name the input's display name.
 *
 * <h2>Native memory and FFmpeg's log</h2>
 * Each source owns its FFmpeg contexts, frames, packet, scaler and buffers and frees them in {@code close()}. FFmpeg's
 * own log is set to fatal-only the first time a video is opened (a process-wide setting; the system property
 * {@code deepfake4j.ffmpeg.loglevel} overrides it), because every problem it reports also comes back as a return
 * code that becomes an exception or a warning here.
 *
 * <h2>Inside the package</h2>
 * {@code FfmpegVideoSource} is a facade that owns every handle of one open file and wires the parts, each one
 * concern: {@code VideoFileCheck} (the path, before FFmpeg sees it) → {@code Demuxer} (the container, the video
 * stream, reading and seeking) → {@code PacketScanner} (the {@code PacketIndex}) → {@code VideoInfoProbe} (the
 * {@link dev.deepfake4j.sampling.VideoInfo}) → {@code DecoderSession} (the codec, with {@code CudaDecoding} for
 * NVDEC). Each {@code decode} call runs a {@code DecodeLoop} (read, send, receive, drain, count problems) that
 * drives one {@code DecodeRun}: {@code IndexedRun} (exact indices, seeking, skipping, fast mode) or
 * {@code SequentialRun} (front to back); chosen frames leave through {@code FrameDelivery} and
 * {@code FrameConverter} (with {@code RegionScalers} for pending pixels and {@code ColorDetails} for each scaler's
 * YUV matrix and range). Problems that do not stop decoding collect in {@code DecodeWarnings}.
 */
package dev.deepfake4j.video.ffmpeg;
