package org.nonid.shell;

import org.nonid.api.config.ConfigException;
import org.nonid.api.run.RunOutcome;
import org.nonid.api.run.RunStatus;

/** Strict checks of command options that Gogo's coercion lets through or words unclearly. */
final class Arguments {
    private Arguments() {
    }

    /** A seed: a whole number that fits 64 bits. */
    static long seed(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("-s/--seed: '" + text + "' is not a whole number between "
                    + Long.MIN_VALUE + " and " + Long.MAX_VALUE);
        }
    }

    /** -n/--steps: 0 (not given: the settings decide) or more. */
    static void steps(int steps) {
        if (steps < 0) {
            throw new ConfigException("-n/--steps: " + steps + " is not a number of steps (1 or more)");
        }
    }

    /** -n/--steps and a steps setting are one thing given twice: refused, whichever would have won. */
    static void stepsOnce(int steps, java.util.List<String> settings) {
        if (steps <= 0) {
            return;
        }
        for (String setting : settings) {
            String key = setting.contains("=") ? setting.substring(0, setting.indexOf('=')).trim() : "";
            if (key.equals("steps") || key.equals("training.steps")) {
                throw new ConfigException("-n " + steps + " and " + setting + " both set the steps; give one of them");
            }
        }
    }

    /** A followed run that did not finish fails its command (exit status 1 headless), naming why. */
    static void requireFinished(RunOutcome outcome) {
        if (outcome.status() != RunStatus.FINISHED) {
            throw new ConfigException("run " + outcome.runId() + " " + outcome.status().label()
                    + (outcome.reason().isEmpty() ? "" : ": " + outcome.reason()));
        }
    }
}
