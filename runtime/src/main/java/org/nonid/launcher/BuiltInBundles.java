package org.nonid.launcher;

import java.util.Collection;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.hooks.bundle.FindHook;

/**
 * Keeps the bundles of {@code bundle/} out of File Install's sight. File Install adopts an installed
 * bundle with the same name and version as a jar dropped into {@code plugins/} (and uninstalls it
 * when the jar goes): a copy of a built-in would replace it, and deleting the copy would remove it.
 * Hidden from File Install, a copy is installed as a bundle of its own, which the framework refuses
 * as a duplicate; the built-in stays.
 */
final class BuiltInBundles implements FindHook {
    private static final String FILE_INSTALL = "org.apache.felix.fileinstall";
    private final Set<Long> builtIn;

    BuiltInBundles(Set<Long> builtIn) {
        this.builtIn = Set.copyOf(builtIn);
    }

    @Override
    public void find(BundleContext context, Collection<Bundle> bundles) {
        if (FILE_INSTALL.equals(context.getBundle().getSymbolicName())) {
            bundles.removeIf(b -> builtIn.contains(b.getBundleId()));
        }
    }
}
