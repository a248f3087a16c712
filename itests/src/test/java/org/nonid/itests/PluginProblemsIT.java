package org.nonid.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.nonid.api.language.Language;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.plugin.PluginKind;
import org.nonid.itests.fixtures.ImpostorLanguage;
import org.nonid.itests.fixtures.RenamedLanguage;
import org.nonid.itests.fixtures.ThrowingLanguage;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Broken plugins dropped into the watched plugins folder of a running runtime: each gets its own
 * line in {@code nonid:plugins}' problems section, and the shell stays up.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginProblemsIT {
    private static final String NAME = "plugin-problems-it";

    @Inject
    private BundleContext context;

    @Inject
    private PluginCatalog catalog;

    @Inject
    private CommandProcessor processor;

    @Configuration
    public Option[] config() {
        return Runtime.options(NAME).toArray(new Option[0]);
    }

    private static Path plugins() throws Exception {
        return Files.createDirectories(Runtime.work(NAME).resolve("plugins"));
    }

    @Test
    public void aBundleBuiltAgainstAnotherApiVersionSaysWhichVersionItNeedsAndWhichTheRuntimeHas() throws Exception {
        Path jar = FixtureBundles.bundle("fixture.wrongapi")
                .header("Import-Package", "org.nonid.api.language;version=\"[2.0,3)\"").writeTo(plugins().resolve("wrongapi.jar"));
        String line = problemLine("unresolved  fixture.wrongapi 1.0.0: ");
        assertTrue(line, Pattern.compile("needs org\\.nonid\\.api\\.language \\[2\\.0(\\.0)?,3\\.0(\\.0)?\\); the runtime has "
                + Pattern.quote(exportedVersion(Language.class.getPackageName()))).matcher(line).find());
        Files.delete(jar);
        assertShellUp();
    }

    @Test
    public void aBundleWithAnImportNothingExportsNamesThePackage() throws Exception {
        Path jar = FixtureBundles.bundle("fixture.missingimport")
                .header("Import-Package", "org.nonid.nowhere;version=\"[1.0,2)\"").writeTo(plugins().resolve("missingimport.jar"));
        String line = problemLine("unresolved  fixture.missingimport 1.0.0: ");
        assertTrue(line, line.endsWith("needs org.nonid.nowhere [1.0.0,2.0.0); no bundle in the runtime exports it"));
        Files.delete(jar);
        assertShellUp();
    }

    @Test
    public void aComponentThatThrowsIsListedWithItsExceptionAndItsNameSaysItIsInstalledButBroken() throws Exception {
        Path jar = FixtureBundles.bundle("fixture.throwing").languageComponent(ThrowingLanguage.class, "brokenLang")
                .writeTo(plugins().resolve("throwing.jar"));
        String line = problemLine("failed  fixture.throwing 1.0.0, component " + ThrowingLanguage.class.getName()
                + " (brokenLang): ");
        assertTrue(line, line.endsWith("did not start: java.lang.IllegalStateException: the fixture's grammar file is missing"));
        String asked;
        try {
            asked = Runtime.shell(processor, "nonid:language brokenLang");
        } catch (IllegalArgumentException e) {
            asked = e.toString();
        }
        assertTrue(asked, asked.contains("language 'brokenLang' is installed but did not start: "
                + "java.lang.IllegalStateException: the fixture's grammar file is missing"));
        assertFalse(asked, asked.contains("unknown language"));
        Files.delete(jar);
        assertShellUp();
    }

    @Test
    public void aSecondPluginOfAnExistingNameNeverServesEvenAfterTheFirstRestarts() throws Exception {
        Path jar = FixtureBundles.bundle("fixture.impostor").languageComponent(ImpostorLanguage.class, "aNbN")
                .writeTo(plugins().resolve("impostor.jar"));
        String line = problemLine("duplicate  language aNbN: ");
        assertTrue(line, line.contains("offered by org.nonid.language.formal "));
        assertTrue(line, line.contains(" and by fixture.impostor 1.0.0 (bundle "));
        assertTrue(line, line.endsWith("org.nonid.language.formal serves (installed first), the other is not used: rename one of them"));

        Bundle formal = FrameworkUtil.getBundle(catalog.language("aNbN").getClass());
        formal.stop();
        formal.start();
        waitFor(() -> catalog.list(PluginKind.LANGUAGE).stream().filter(p -> p.name().equals("aNbN"))
                .anyMatch(p -> p.bundle().equals("org.nonid.language.formal")), "the built-in aNbN to come back");
        assertEquals("org.nonid.language.formal", catalog.info(PluginKind.LANGUAGE, "aNbN").bundle());
        assertFalse(catalog.language("aNbN") instanceof ImpostorLanguage);
        assertFalse(catalog.language("aNbN").description().contains("impostor"));
        String listing = Runtime.shell(processor, "nonid:plugins");
        assertEquals(listing, 1, listing.lines().filter(l -> l.matches("language +aNbN .*")).count());
        String described = Runtime.shell(processor, "nonid:language aNbN");
        assertFalse(described, described.contains("impostor served"));
        Files.delete(jar);
        assertShellUp();
    }

    @Test
    public void aNameWrittenTwiceDifferentlyIsAProblemAndNameServes() throws Exception {
        Path jar = FixtureBundles.bundle("fixture.renamed").languageComponent(RenamedLanguage.class, "propertyLang")
                .writeTo(plugins().resolve("renamed.jar"));
        String line = problemLine("name mismatch  language renamedLang: ");
        assertTrue(line, line.endsWith("its component says nonid.name=propertyLang but its name() is 'renamedLang';"
                + " 'renamedLang' is used: write the name once, in name() (the property is optional)"));
        assertEquals("fixture.renamed", catalog.info(PluginKind.LANGUAGE, "renamedLang").bundle());
        Files.delete(jar);
        assertShellUp();
    }

    @Test
    public void aJarThatIsNotABundleIsNamed() throws Exception {
        Path jar = FixtureBundles.plainJar().writeTo(plugins().resolve("plain.jar"));
        String line = problemLine("not a bundle  plugins/plain.jar: ");
        assertTrue(line, line.contains("is a jar without an OSGi manifest (no Bundle-SymbolicName): ignored"));
        Files.delete(jar);
        assertShellUp();
    }

    /** Waits for the problems section of {@code nonid:plugins} to have a line that starts so, and returns it. */
    private String problemLine(String start) throws Exception {
        String[] found = new String[1];
        String[] last = new String[1];
        waitFor(() -> {
            last[0] = Runtime.shell(processor, "nonid:plugins");
            String section = last[0].contains("\nproblems:\n") ? last[0].substring(last[0].indexOf("\nproblems:\n")) : "";
            found[0] = section.lines().map(String::strip).filter(l -> l.startsWith(start)).findFirst().orElse(null);
            return found[0] != null;
        }, "a problem line starting '" + start + "'", () -> last[0]);
        return found[0];
    }

    private void assertShellUp() throws Exception {
        String listing = Runtime.shell(processor, "nonid:plugins");
        assertTrue(listing, listing.lines().anyMatch(l -> l.matches("language +aNbN +org\\.nonid\\.language\\.formal .*")));
        assertTrue(listing, listing.lines().anyMatch(l -> l.matches("model family +transformer .*")));
    }

    private String exportedVersion(String pkg) {
        BundleWiring api = FrameworkUtil.getBundle(Language.class).adapt(BundleWiring.class);
        return api.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .filter(c -> pkg.equals(c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)))
                .map(c -> c.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE).toString())
                .findFirst().orElseThrow();
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition condition, String what) throws Exception {
        waitFor(condition, what, () -> "");
    }

    private static void waitFor(Condition condition, String what, java.util.function.Supplier<String> seen) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; last seen:\n" + seen.get());
            }
            Thread.sleep(200);
        }
    }
}
