package org.nonid.api.run;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives a run's progress, on the training thread: implementations must return quickly and
 * must not print (the shell renders progress in the command's own thread).
 */
@ConsumerType
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = progress -> { };

    void onProgress(Progress progress);
}
