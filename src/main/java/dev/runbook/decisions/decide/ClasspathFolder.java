package dev.runbook.decisions.decide;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads every file of one extension from a folder on the classpath, whether the folder is a directory (tests, dev
 * mode) or inside the application jar. Returns file name to content, sorted by name so load order is stable.
 */
public final class ClasspathFolder {

    private ClasspathFolder() {
    }

    public static Map<String, byte[]> read(String folder, String extension) {
        URL url = Thread.currentThread().getContextClassLoader().getResource(folder);
        if (url == null) {
            throw new IllegalStateException("Folder '" + folder + "' is not on the classpath");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = openJar(uri)) {
                    return readAll(jar.provider().getPath(uri), extension);
                }
            }
            return readAll(Path.of(uri), extension);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FileSystem openJar(URI uri) throws IOException {
        try {
            return FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
            throw new IllegalStateException("Jar file system for " + uri + " is already open elsewhere", e);
        }
    }

    private static Map<String, byte[]> readAll(Path dir, String extension) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        List<Path> paths;
        try (Stream<Path> listing = Files.list(dir)) {
            paths = listing.filter(p -> p.getFileName().toString().endsWith(extension)).toList();
        }
        for (Path path : paths) {
            try (InputStream in = Files.newInputStream(path)) {
                files.put(path.getFileName().toString(), in.readAllBytes());
            }
        }
        return files;
    }
}
