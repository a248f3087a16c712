package org.nonid.testkit;

/**
 * One conformance check: a name for reports and a body that throws {@link AssertionError} when
 * the check fails.
 */
public record NamedCheck(String name, Runnable body) {
}
