package io.descartes.hub.testing;

import org.apache.camel.spi.PropertiesFunction;

/**
 * {@code hub.db.url={{test-db:target/x-test.db}}} in a test's properties: that test's database on the store this run
 * uses ({@link TestStore}). Camel finds it through its META-INF/services/org/apache/camel/properties-function entry.
 */
public final class TestStoreFunction implements PropertiesFunction {

    @Override
    public String getName() {
        return "test-db";
    }

    @Override
    public String apply(String remainder) {
        return TestStore.url(remainder);
    }
}
