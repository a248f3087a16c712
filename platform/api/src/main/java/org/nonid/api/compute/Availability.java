package org.nonid.api.compute;

/**
 * Whether a backend can run here, and if not, why.
 *
 * @param usable whether its kernels can run on this machine
 * @param reason why not, or a short note when usable
 */
public record Availability(boolean usable, String reason) {
    public static Availability yes() {
        return new Availability(true, "");
    }

    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
