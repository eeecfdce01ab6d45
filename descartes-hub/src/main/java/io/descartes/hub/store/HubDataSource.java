package io.descartes.hub.store;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The hub's database (bean {@code ds}, declared by camel.beans.ds with the hub.db.* settings): SQLite's data source
 * or a bounded PostgreSQL pool, as {@link SqlDialect#of(String) hub.db.url} says, opened on first use with the
 * settings bound by then.
 */
public class HubDataSource implements DataSource, AutoCloseable {

    private String url;
    private String user = "";
    private String password = "";
    private String journalMode = "WAL";
    private String synchronous = "NORMAL";
    private int busyTimeout = 5000;
    /** SQLite's own default: the commit that takes the WAL past this many pages checkpoints it. */
    private int walAutocheckpoint = 1000;
    private int poolMaxSize = 10;
    private int poolMinIdle = 2;
    private long connectionTimeout = 30_000;
    private volatile DataSource opened;

    public SqlDialect dialect() {
        return SqlDialect.of(url);
    }

    private DataSource opened() {
        DataSource ds = opened;
        if (ds == null) {
            synchronized (this) {
                if (opened == null) {
                    try {
                        opened = dialect().open(new DatabaseSettings(url, user, password, journalMode, synchronous,
                                busyTimeout, walAutocheckpoint, poolMaxSize, poolMinIdle, connectionTimeout));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                ds = opened;
            }
        }
        return ds;
    }

    /**
     * A connection of its own, outside the pool, for a session that lives as long as its user wants: a LISTEN or a
     * session-level lock would otherwise hold one of the pool's connections, and go back to the pool with it.
     */
    public Connection unpooledConnection() throws SQLException {
        Properties properties = new Properties();
        if (!user.isEmpty()) {
            properties.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            properties.setProperty("password", password);
        }
        // a server or network gone silent is noticed, rather than a blocked read waiting for ever
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return opened().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return opened().getConnection(username, password);
    }

    @Override
    public synchronized void close() throws Exception {
        if (opened instanceof AutoCloseable pool) {
            pool.close();
        }
        opened = null;
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return opened().getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        opened().setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        opened().setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return opened().getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return opened().getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : opened().unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || opened().isWrapperFor(type);
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public void setJournalMode(String journalMode) {
        this.journalMode = journalMode;
    }

    public void setSynchronous(String synchronous) {
        this.synchronous = synchronous;
    }

    public void setBusyTimeout(int busyTimeout) {
        this.busyTimeout = busyTimeout;
    }

    public void setWalAutocheckpoint(int walAutocheckpoint) {
        this.walAutocheckpoint = walAutocheckpoint;
    }

    public void setPoolMaxSize(int poolMaxSize) {
        this.poolMaxSize = poolMaxSize;
    }

    public void setPoolMinIdle(int poolMinIdle) {
        this.poolMinIdle = poolMinIdle;
    }

    public void setConnectionTimeout(long connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }
}
