package dev.runbook.decisions.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The incident samples of samples/, each with its expected decision in samples/expected/. */
public final class Samples {

    public static final Path DIR = Path.of("samples");

    private Samples() {
    }

    public static List<String> names() {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] facts(String name) {
        return read(DIR.resolve(name + ".json"));
    }

    public static byte[] expected(String name) {
        return read(DIR.resolve("expected").resolve(name + ".json"));
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
