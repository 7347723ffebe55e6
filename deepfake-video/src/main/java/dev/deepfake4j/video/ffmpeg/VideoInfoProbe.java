package dev.deepfake4j.video.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;

import dev.deepfake4j.sampling.VideoInfo;
import java.util.Arrays;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * What a sampler learns about a video ({@link VideoInfo}), from the container's header and, when there is one, the
 * packet index: the index's exact frame count and keyframes win over the header, and fill in a duration or frame
 * rate the header lacks. Stateless; thread-safe.
 */
final class VideoInfoProbe {
    private VideoInfoProbe() {
    }

    /**
     * @param demuxer the open container
     * @param index its packet index, or {@code null} when there is none
     * @return the video's facts; sizes in pixels (coded, before rotation), times in seconds
     */
    static VideoInfo describe(Demuxer demuxer, PacketIndex index) {
        AVStream stream = demuxer.stream();
        double tb = demuxer.timeBaseNum() / (double) demuxer.timeBaseDen();
        double duration = Double.NaN;
        if (stream.duration() > 0 && stream.duration() != AV_NOPTS_VALUE) {
            duration = stream.duration() * tb;
        } else if (demuxer.containerDuration() > 0 && demuxer.containerDuration() != AV_NOPTS_VALUE) {
            duration = demuxer.containerDuration() / (double) AV_TIME_BASE;
        }
        double fps = Double.NaN;
        AVRational avg = stream.avg_frame_rate();
        if (avg.num() > 0 && avg.den() > 0) {
            fps = avg.num() / (double) avg.den();
        } else if (index != null && index.frameCount() > 1) {
            fps = (index.frameCount() - 1) / ((index.pts(index.frameCount() - 1) - index.firstPts()) * tb);
        } else if (stream.r_frame_rate().num() > 0 && stream.r_frame_rate().den() > 0) {
            fps = stream.r_frame_rate().num() / (double) stream.r_frame_rate().den();
        }
        if (Double.isNaN(duration) && index != null && index.frameCount() > 0) {
            // No duration in the header (e.g. a WebM written without one): last frame's time plus one frame.
            double last = (index.pts(index.frameCount() - 1) - index.firstPts()) * tb;
            duration = last + (fps > 0 ? 1 / fps : 0);
        }
        VideoInfo.Builder b = VideoInfo.builder()
                .path(demuxer.path())
                .durationSeconds(duration)
                .fps(fps > 0 && Double.isFinite(fps) ? fps : Double.NaN)
                .codedSize(stream.codecpar().width(), stream.codecpar().height())
                .rotationDegrees(demuxer.rotationDegrees())
                .codec(demuxer.codecName())
                .hasAudio(demuxer.hasAudio());
        if (index != null) {
            b.frameCount(index.frameCount(), true);
            b.keyframeIndices(Arrays.stream(index.keyIndices()).boxed().toList());
        } else if (stream.nb_frames() > 0) {
            b.frameCount(stream.nb_frames(), true);
        } else if (duration > 0 && fps > 0) {
            b.frameCount(Math.round(duration * fps), false);
        } else {
            b.frameCount(0, false);
        }
        return b.build();
    }
}
