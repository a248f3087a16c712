package org.nonid.web;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;

/**
 * Who may talk to the dashboard: requests addressed to this machine by name (a page of another site
 * that rebinds its name to 127.0.0.1 is refused), and, for requests that change state, the token of
 * the browser's session (another site's page cannot read it).
 */
final class Guard {
    static final String TOKEN_HEADER = "X-NonID-Token";
    private static final String TOKEN = "org.nonid.web.token";
    private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Guard() {
    }

    /** Refuses a request whose Host header does not name this machine. */
    static void checkHost(HttpServletRequest request) throws ApiError {
        String host = request.getHeader("Host");
        String name = host == null ? "" : host.replaceFirst(":\\d+$", "");
        if (!LOCAL_HOSTS.contains(name)) {
            throw new ApiError(403, "the dashboard answers requests for 127.0.0.1 or localhost only, not '" + host + "'");
        }
    }

    /** The session's token, made on first asking. */
    static String token(HttpServletRequest request) {
        HttpSession session = request.getSession(true);
        synchronized (session) {
            Object token = session.getAttribute(TOKEN);
            if (token == null) {
                byte[] bytes = new byte[32];
                RANDOM.nextBytes(bytes);
                token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                session.setAttribute(TOKEN, token);
            }
            return (String) token;
        }
    }

    /** Refuses a request that changes state without its session's token, or from a page of another origin. */
    static void checkChange(HttpServletRequest request) throws ApiError {
        String origin = request.getHeader("Origin");
        if (origin != null && !origin.equals("http://" + request.getHeader("Host"))) {
            throw new ApiError(403, "changes are accepted from the dashboard's own pages only, not from " + origin);
        }
        HttpSession session = request.getSession(false);
        Object expected = session == null ? null : session.getAttribute(TOKEN);
        String given = request.getHeader(TOKEN_HEADER);
        if (expected == null || given == null || !MessageDigest.isEqual(expected.toString().getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(403, "this change needs the session's token (header " + TOKEN_HEADER
                    + " from api/session); reload the page");
        }
    }
}
