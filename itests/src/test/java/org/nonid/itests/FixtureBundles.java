package org.nonid.itests;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Small bundles, broken on purpose, written as jar files for the plugins folder. */
final class FixtureBundles {
    private static final Path CLASSES = Paths.get("target/test-classes").toAbsolutePath();

    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    private FixtureBundles(String symbolicName) {
        if (symbolicName != null) {
            headers.put("Bundle-ManifestVersion", "2");
            headers.put("Bundle-SymbolicName", symbolicName);
            headers.put("Bundle-Version", "1.0.0");
        }
    }

    static FixtureBundles bundle(String symbolicName) {
        return new FixtureBundles(symbolicName);
    }

    /** A jar whose manifest names no bundle. */
    static FixtureBundles plainJar() {
        return new FixtureBundles(null);
    }

    FixtureBundles header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** A class of the tests, with a DS component that offers it as a Language named {@code pluginName}. */
    FixtureBundles languageComponent(Class<?> type, String pluginName) throws IOException {
        String path = type.getName().replace('.', '/') + ".class";
        entries.put(path, Files.readAllBytes(CLASSES.resolve(path)));
        String xml = "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + type.getName() + "\">\n"
                + "  <implementation class=\"" + type.getName() + "\"/>\n"
                + "  <service><provide interface=\"org.nonid.api.language.Language\"/></service>\n"
                + "  <property name=\"nonid.name\" value=\"" + pluginName + "\"/>\n"
                + "</scr:component>\n";
        entries.put("OSGI-INF/" + type.getSimpleName() + ".xml", xml.getBytes(StandardCharsets.UTF_8));
        headers.put("Service-Component", "OSGI-INF/" + type.getSimpleName() + ".xml");
        headers.put("Import-Package", "org.nonid.api.config;version=\"[1.0,2)\",org.nonid.api.language;version=\"[1.0,2)\"");
        return this;
    }

    /** Writes the jar, then moves it into place at once, so that a folder watcher never sees half of it. */
    Path writeTo(Path file) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((k, v) -> manifest.getMainAttributes().putValue(k, v));
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        }
        return Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
