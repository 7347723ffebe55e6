package dev.deepfake4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar of the videos done, drawn on stderr by {@code me.tongfei:progressbar} when stderr is a terminal
 * and there is more than one video; otherwise silent (nothing is written, and no bar or terminal is created).
 * The bar redraws itself from the library's own thread; {@link #clear()} wipes it and keeps it wiped until the
 * next {@link #step}, so that a result line printed in between is never drawn over.
 */
final class Progress implements AutoCloseable {
    /** Columns of the bar; the library would ask the terminal through jline, which a fixed width avoids. */
    private static final int WIDTH = 80;

    private final PrintWriter err;
    private final ProgressBar bar;
    /** Set by {@link #clear()}, unset by {@link #step}; guarded by {@code err}. */
    private boolean hidden;

    private Progress(PrintWriter err) {
        this.err = err;
        this.bar = null;
    }

    private Progress(PrintWriter err, int total) {
        this.err = err;
        this.bar = new ProgressBarBuilder().setTaskName("Scoring").setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setMaxRenderedLength(WIDTH).setUpdateIntervalMillis(200)
                .clearDisplayOnFinish().setConsumer(new DelegatingProgressBarConsumer(this::draw, WIDTH)).build();
    }

    static Progress onTerminal(int total, PrintWriter err) {
        return System.console() == null ? new Progress(err) : drawing(total, err);
    }

    /** A bar whatever stderr is (for tests); still silent for a single video. */
    static Progress drawing(int total, PrintWriter err) {
        return total <= 1 ? new Progress(err) : new Progress(err, total);
    }

    private void draw(String line) {
        synchronized (err) {
            if (!hidden) {
                err.print("\r\033[K" + line);
                err.flush();
            }
        }
    }

    void step(Path path) {
        if (bar != null) {
            bar.setExtraMessage(String.valueOf(path.getFileName()));
            bar.step();
            synchronized (err) {
                hidden = false;
            }
        }
    }

    void clear() {
        if (bar != null) {
            synchronized (err) {
                hidden = true;
                err.print("\r\033[K");
                err.flush();
            }
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            clear();
        }
    }
}
