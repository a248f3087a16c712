package org.nonid.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The run store in PostgreSQL, for many processes on many hosts at once (a cluster's job array):
 * claims lock their trial in the database, and a run whose host stops sending heartbeats for
 * {@link JdbcRunStore#HEARTBEAT_STALE} is marked interrupted by the next process that opens the store.
 * Artifacts that are files (reports, exports) still go to the data folder.
 */
public final class PostgresRunStore extends JdbcRunStore {
    private static final String FORM = "postgresql://USER:PASSWORD@HOST:PORT/DATABASE";

    private PostgresRunStore(Path dataDirectory, String location, Connection connection) {
        super(dataDirectory, location, Dialect.POSTGRESQL, connection);
    }

    /**
     * Opens the store at {@code postgresql://USER:PASSWORD@HOST:PORT/DATABASE} (creating its tables when
     * the database has none).
     *
     * @throws IllegalArgumentException for a URL of another form
     * @throws IllegalStateException    when the server cannot be reached or refuses (its words, on one line)
     */
    public static PostgresRunStore open(String url, Path dataDirectory) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the store '" + url + "' is not a URL: write " + FORM);
        }
        String scheme = uri.getScheme();
        String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (scheme == null || !(scheme.equals("postgresql") || scheme.equals("postgres")) || uri.getHost() == null
                || database.isEmpty()) {
            throw new IllegalArgumentException("the store '" + redacted(uri) + "' is not a PostgreSQL URL: write " + FORM);
        }
        Properties props = new Properties();
        String user = "";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            props.setProperty("user", user);
            if (parts.length > 1) {
                props.setProperty("password", URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
        }
        props.setProperty("connectTimeout", "10");
        props.setProperty("ApplicationName", "nonid");
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String location = "postgresql://" + (user.isEmpty() ? "" : user + "@") + uri.getHost() + ":" + port + "/" + database;
        Connection connection;
        try {
            connection = new org.postgresql.Driver().connect("jdbc:postgresql://" + uri.getHost() + ":" + port + "/"
                    + database, props);
        } catch (SQLException e) {
            throw cannotOpen(location, e);
        }
        return new PostgresRunStore(dataDirectory, location, connection);
    }

    private static String redacted(URI uri) {
        String text = uri.toString();
        return uri.getRawUserInfo() == null || !uri.getRawUserInfo().contains(":") ? text
                : text.replace(uri.getRawUserInfo(), uri.getRawUserInfo().replaceFirst(":.*", ":***"));
    }
}
