package org.nonid.engine.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.resource.Namespace;

/**
 * Says in words which requirements of an unresolved bundle nothing in the runtime satisfies, e.g.
 * {@code needs org.nonid.api.language [2.0.0,3.0.0); the runtime has 1.3.0}.
 */
final class MissingRequirements {
    private static final Pattern LOWER = Pattern.compile("\\(version>=([^)]+)\\)");
    private static final Pattern UPPER = Pattern.compile("\\(!\\(version>=([^)]+)\\)\\)");
    private static final Pattern EXACT_LOWER = Pattern.compile("\\(!\\(version<=([^)]+)\\)\\)");

    private final List<BundleCapability> offered = new ArrayList<>();

    /** Over the capabilities of every bundle that resolved. */
    MissingRequirements(Bundle[] bundles) {
        for (Bundle b : bundles) {
            BundleRevision revision = b.adapt(BundleRevision.class);
            if (revision != null && b.getState() != Bundle.INSTALLED && b.getState() != Bundle.UNINSTALLED) {
                offered.addAll(revision.getDeclaredCapabilities(null));
            }
        }
    }

    /** One sentence per requirement that nothing satisfies. */
    List<String> of(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        List<String> out = new ArrayList<>();
        if (revision == null) {
            out.add("the framework has no revision of it");
            return out;
        }
        for (BundleRequirement r : revision.getDeclaredRequirements(null)) {
            if (optional(r) || satisfied(r)) {
                continue;
            }
            out.add(words(r));
        }
        if (out.isEmpty()) {
            out.add("every requirement exists but they do not fit together (a uses conflict);"
                    + " felix:inspect requirement osgi.wiring.package " + bundle.getBundleId() + " shows them");
        }
        return out;
    }

    private static boolean optional(BundleRequirement r) {
        String resolution = r.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE);
        String effective = r.getDirectives().get(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE);
        return Namespace.RESOLUTION_OPTIONAL.equals(resolution)
                || (effective != null && !Namespace.EFFECTIVE_RESOLVE.equals(effective))
                || PackageNamespace.RESOLUTION_DYNAMIC.equals(resolution);
    }

    private boolean satisfied(BundleRequirement r) {
        Filter filter = filter(r);
        for (BundleCapability c : offered) {
            if (c.getNamespace().equals(r.getNamespace()) && (filter == null || filter.matches(c.getAttributes()))) {
                return true;
            }
        }
        return false;
    }

    private String words(BundleRequirement r) {
        String filter = r.getDirectives().getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, "");
        if (!r.getNamespace().equals(PackageNamespace.PACKAGE_NAMESPACE)) {
            return "needs " + r.getNamespace() + " " + filter + ", which nothing in the runtime offers";
        }
        String pkg = attribute(filter, PackageNamespace.PACKAGE_NAMESPACE);
        TreeSet<String> versions = new TreeSet<>();
        for (BundleCapability c : offered) {
            if (c.getNamespace().equals(PackageNamespace.PACKAGE_NAMESPACE)
                    && pkg.equals(c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))) {
                versions.add(String.valueOf(c.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE)));
            }
        }
        String needs = "needs " + pkg + range(filter);
        return versions.isEmpty() ? needs + "; no bundle in the runtime exports it"
                : needs + "; the runtime has " + String.join(", ", versions);
    }

    /** The version range a bnd-style filter says, e.g. {@code [1.3.0,2.0.0)}, or "" for any version. */
    static String range(String filter) {
        Matcher lower = LOWER.matcher(filter);
        Matcher upper = UPPER.matcher(filter);
        Matcher exclusiveLower = EXACT_LOWER.matcher(filter);
        String from = lower.find() ? "[" + lower.group(1) : exclusiveLower.find() ? "(" + exclusiveLower.group(1) : null;
        if (from == null) {
            return "";
        }
        return upper.find() ? " " + from + "," + upper.group(1) + ")" : " " + from + ",\u221e)";
    }

    private static String attribute(String filter, String name) {
        Matcher m = Pattern.compile("\\(" + Pattern.quote(name) + "=([^)]+)\\)").matcher(filter);
        return m.find() ? m.group(1) : filter;
    }

    private static Filter filter(BundleRequirement r) {
        String text = r.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
        if (text == null) {
            return null;
        }
        try {
            return FrameworkUtil.createFilter(text);
        } catch (InvalidSyntaxException e) {
            return null;
        }
    }
}
