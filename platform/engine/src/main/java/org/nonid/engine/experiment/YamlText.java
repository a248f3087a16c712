package org.nonid.engine.experiment;

import org.nonid.api.config.ConfigException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** Safe YAML loading (plain maps, lists and scalars) with errors that give line and column. */
final class YamlText {
    private YamlText() {
    }

    static Object load(String text, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        try {
            return yaml.load(text);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : " line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new ConfigException(source + ":" + where + ": " + problem.trim());
        } catch (YAMLException e) {
            throw new ConfigException(source + ": " + e.getMessage());
        }
    }

    /** A scalar written on a command line, typed as YAML types it ({@code 3} int, {@code true} boolean, {@code [1, 2]} list). */
    static Object scalar(String text, String source) {
        if (text.isEmpty()) {
            return "";
        }
        return load(text, source);
    }
}
