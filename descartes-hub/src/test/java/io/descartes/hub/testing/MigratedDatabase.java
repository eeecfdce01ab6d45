package io.descartes.hub.testing;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteDataSource;

/** A fresh SQLite file under target/ with the hub's migrations applied, for store-level tests. */
public final class MigratedDatabase {

    private MigratedDatabase() {
    }

    public static DataSource fresh(String file) {
        TestDatabase.reset(file);
        return open(file);
    }

    /** The same file again, as a restarted hub would open it. */
    public static DataSource open(String file) {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + file);
        ds.setBusyTimeout(5000);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return ds;
    }
}
