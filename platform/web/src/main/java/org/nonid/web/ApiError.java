package org.nonid.web;

/** A request the dashboard refuses: the HTTP status it answers and the reason it gives. */
final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    ApiError(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
