package org.nonid.api.plugin;

/**
 * One installed plugin.
 *
 * @param kind          what it is
 * @param name          its {@code nonid.name}
 * @param description   one line
 * @param bundle        the symbolic name of the bundle that registered it
 * @param bundleVersion that bundle's version
 */
public record PluginInfo(PluginKind kind, String name, String description, String bundle, String bundleVersion) {
}
