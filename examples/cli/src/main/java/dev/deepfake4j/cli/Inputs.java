package dev.deepfake4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Expands the paths given on the command line: files as they are, folders into their files (recursively, sorted). */
final class Inputs {
    private Inputs() {
    }

    static List<Path> expand(List<Path> given) {
        List<Path> out = new ArrayList<>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    out.addAll(walk.filter(Files::isRegularFile)
                            .filter(f -> !f.getFileName().toString().startsWith("."))
                            .filter(f -> !f.getFileName().toString().endsWith(".json"))
                            .sorted().collect(Collectors.toList()));
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot list " + p + ": " + e.getMessage(), e);
                }
            } else {
                out.add(p); // missing files are reported per file by the detector, not here
            }
        }
        return out;
    }
}
