package io.descartes.hub.testing;

import javax.sql.DataSource;

import io.descartes.hub.store.HubDataSource;
import io.descartes.hub.store.SqlDialect;
import org.flywaydb.core.Flyway;

/** A fresh database of the run's store ({@link TestStore}) with the hub's migrations applied, for store-level tests. */
public final class MigratedDatabase {

    private MigratedDatabase() {
    }

    public static DataSource fresh(String file) {
        TestStore.fresh(file);
        return open(file);
    }

    /** The same database again, as a restarted hub would open it. */
    public static DataSource open(String file) {
        HubDataSource ds = new HubDataSource();
        ds.setUrl(TestStore.url(file));
        Flyway.configure().dataSource(ds).locations(SqlDialect.of(TestStore.url(file)).migrations()).load().migrate();
        return ds;
    }
}
