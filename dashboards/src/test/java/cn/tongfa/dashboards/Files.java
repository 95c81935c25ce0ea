package cn.tongfa.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The repository's files as the tests see them (Maven runs them in {@code dashboards/}). */
final class Files {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path ROOT = MODULE.getParent();

    private Files() {
    }

    static Path module(String path) {
        return MODULE.resolve(path);
    }

    static Path root(String path) {
        return ROOT.resolve(path);
    }

    static String read(Path path) {
        try {
            return java.nio.file.Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path path) {
        return (Map<String, Object>) new Yaml(new LoaderOptions()).load(read(path));
    }

    /** Every YAML document of a file (application.yml has several). */
    static Iterable<Object> yamlDocuments(Path path) {
        return new Yaml(new LoaderOptions()).loadAll(read(path));
    }
}
