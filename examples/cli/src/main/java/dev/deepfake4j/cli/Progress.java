package dev.deepfake4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

/** A one-line progress counter on stderr, shown only when stderr is a terminal. */
final class Progress implements AutoCloseable {
    private final int total;
    private final PrintWriter err;
    private final boolean enabled;
    private int done;

    private Progress(int total, PrintWriter err, boolean enabled) {
        this.total = total;
        this.err = err;
        this.enabled = enabled;
    }

    static Progress onTerminal(int total, PrintWriter err) {
        return new Progress(total, err, System.console() != null && total > 1);
    }

    void step(Path path) {
        done++;
        if (enabled) {
            err.print("\r\033[K[" + done + "/" + total + "] " + path.getFileName());
            err.flush();
        }
    }

    void clear() {
        if (enabled && done > 0) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    @Override
    public void close() {
        if (enabled && done > 0) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
