package nl.hartketen.workflow.resource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Files the build copies onto the class path (fhir-profiles/, networks/). A folder's index.txt names its files, so
 * that nothing depends on listing a directory inside a WAR or jar.
 */
public final class ClasspathFiles {

    private ClasspathFiles() {}

    public static String read(String path) {
        try (InputStream in = ClasspathFiles.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The paths {@code folder}/index.txt lists (blank lines and # comments skipped), e.g. "networks/cardionovo-plus.json". */
    public static List<String> listed(String folder) {
        return read(folder + "/index.txt")
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(name -> folder + "/" + name)
                .toList();
    }
}
