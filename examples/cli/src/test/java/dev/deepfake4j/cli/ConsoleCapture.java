package dev.deepfake4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests that run the tool in-process: what it prints to {@code System.out} and {@code System.err}
 * during a test is captured, and the real streams are put back afterwards.
 */
abstract class ConsoleCapture {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    final void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    final void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    /** @return what the tool printed to standard output so far */
    final String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** @return what the tool printed to standard error so far */
    final String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Forgets what was printed to standard error so far. */
    final void resetErr() {
        err.reset();
    }

    /** Forgets what was printed to standard output so far (for a second command in the same test). */
    final void resetOut() {
        out.reset();
    }
}
