package org.nonid.nd4j;

import org.nd4j.common.config.ND4JClassLoading;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Points ND4J's class loading (backend discovery through ServiceLoader) at this bundle before
 * anything touches {@code Nd4j}: inside a framework the thread context class loader it would
 * otherwise capture cannot see the embedded backends.
 */
public final class Activator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        ND4JClassLoading.setNd4jClassloader(Activator.class.getClassLoader());
    }

    @Override
    public void stop(BundleContext context) {
        // ND4J's native memory and threads stay with the JVM; see the bundle README.
    }
}
