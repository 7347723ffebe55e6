package dev.deepfake4j.video.ffmpeg;

import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.Pointer;

/**
 * FFmpeg's I/O interrupt callback ({@code AVFormatContext.interrupt_callback}), answering "stop" when the thread
 * calling into FFmpeg is interrupted. FFmpeg polls it while it waits in a blocking operation (a network connect or
 * read polls every 100 ms), so interrupting the thread — what cancelling a future does — stops a stalled network
 * read at once instead of after the network timeout; the call then returns {@code AVERROR_EXIT}.
 *
 * <p>The check needs no per-input state, so one callback object serves every context in the JVM: JavaCPP allows
 * only a few live instances of a callback class, and a static one is never collected while FFmpeg holds its thunk.
 * Thread-safe.
 */
final class InterruptCallback {
    /** {@code AVERROR_EXIT}: FFmpeg's code for an operation the interrupt callback stopped. */
    static final int AVERROR_EXIT = -(('E') | ('X' << 8) | ('I' << 16) | ('T' << 24));

    private static final AVIOInterruptCB.Callback_Pointer CALLBACK = new AVIOInterruptCB.Callback_Pointer() {
        @Override
        public int call(Pointer opaque) {
            return Thread.currentThread().isInterrupted() ? 1 : 0;
        }
    };

    private InterruptCallback() {
    }

    /** @param format a context not yet opened, whose blocking I/O is then stopped by interrupting its thread */
    static void install(AVFormatContext format) {
        format.interrupt_callback().callback(CALLBACK).opaque(null);
    }
}
