package dev.deepfake4j.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a page in headless Chromium (Debian's {@code chromium}) and gives back the DOM after its scripts ran and
 * every console message it logged ({@code --enable-logging=stderr} prints each as a {@code :CONSOLE} line, errors,
 * uncaught exceptions and content-security-policy violations included).
 *
 * <p>Where no Chromium is installed, tests using it are skipped with a message — except when the environment
 * variable {@code CI} is set ({@code .ci/run} installs it): there it fails, so CI cannot pass by skipping.
 */
final class HeadlessChromium {
    /** What the browser left: the serialized DOM and the console lines. */
    record Page(String dom, List<String> console) {
    }

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    /** @return the browser, or a skipped test (a failed one under CI) when none is installed */
    static HeadlessChromium require() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return new HeadlessChromium(p);
                }
            }
        }
        String why = "no chromium on PATH (install it with: apt-get install -y chromium); the browser check of the"
                + " HTML report is skipped";
        if (System.getenv("CI") != null) {
            fail(why + " — but CI is set, where .ci/run installs it");
        }
        Assumptions.abort(why);
        return null;
    }

    /**
     * @param html the page
     * @param work a folder for the browser's profile and output
     * @return the DOM after load and scripts, and the console lines
     */
    Page load(Path html, Path work) throws IOException, InterruptedException {
        Path dom = work.resolve("dom.html");
        Path log = work.resolve("chromium.log");
        run(work, dom, log, "--enable-logging=stderr", "--v=0", "--dump-dom", html.toUri().toString());
        List<String> console = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains(":CONSOLE")).toList();
        return new Page(Files.readString(dom, StandardCharsets.UTF_8), console);
    }

    /**
     * @param html the page
     * @param png where the screenshot goes
     * @param work a folder for the browser's profile
     */
    void screenshot(Path html, Path png, Path work) throws IOException, InterruptedException {
        run(work, work.resolve("screenshot.out"), work.resolve("screenshot.log"), "--screenshot=" + png.toAbsolutePath(),
                "--window-size=1280,2400", "--hide-scrollbars", html.toUri().toString());
    }

    private void run(Path work, Path out, Path log, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(binary.toString(), "--headless=new", "--disable-gpu",
                "--no-sandbox", "--no-first-run", "--disable-extensions", "--user-data-dir=" + work.resolve("profile")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in 90 s: " + cmd);
        }
        if (p.exitValue() != 0) {
            fail("chromium exited with " + p.exitValue() + ": " + Files.readString(log));
        }
    }
}
