package org.nonid.shell;

import org.nonid.api.config.ConfigException;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.report.ReportService;
import org.nonid.api.run.ExperimentService;
import org.nonid.api.run.RunStore;

/** The platform services commands use, with a clear error when one is missing. */
final class Services {
    private Services() {
    }

    static PluginCatalog catalog(PluginCatalog c) {
        if (c == null) {
            throw new ConfigException("the plugin catalogue is not available: is the org.nonid.engine bundle active?");
        }
        return c;
    }

    static ExperimentService experiments(ExperimentService e) {
        if (e == null) {
            throw new ConfigException("the experiment service is not available: are the org.nonid.engine and"
                    + " org.nonid.store bundles active?");
        }
        return e;
    }

    static RunStore store(RunStore s) {
        if (s == null) {
            throw new ConfigException("the run store is not available: is the org.nonid.store bundle active?");
        }
        return s;
    }

    static ReportService reports(ReportService r) {
        if (r == null) {
            throw new ConfigException("the report service is not available: is the org.nonid.report bundle active?");
        }
        return r;
    }
}
