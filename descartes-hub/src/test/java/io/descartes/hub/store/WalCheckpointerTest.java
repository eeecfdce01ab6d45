package io.descartes.hub.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SQLite's WAL checkpointed off the committing connection: commits leave it to the checkpointer's own. */
class WalCheckpointerTest {

    private static final Path DB = Path.of("target/wal-checkpointer-test.db");
    private static final int ROWS = 800;
    private static final int ROW_BYTES = 8192;

    @Test
    void commitsUnderTheBackstopLeaveTheWalToTheCheckpointersOwnConnection() throws Exception {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(DB + suffix));
        }
        HubDataSource ds = new HubDataSource();
        ds.setUrl("jdbc:sqlite:" + DB);
        ds.setWalAutocheckpoint(100_000);
        try (Connection writer = ds.getConnection(); Statement s = writer.createStatement()) {
            s.execute("CREATE TABLE t (x BLOB)");
            long before = Files.size(DB);
            // ~1,600 pages of WAL, past SQLite's default of 1,000, under the backstop
            for (int i = 0; i < ROWS; i++) {
                s.execute("INSERT INTO t VALUES (randomblob(" + ROW_BYTES + "))");
            }
            assertEquals(before, Files.size(DB), "no commit checkpointed the WAL into the database file");

            new WalCheckpointer(ds, 100, null).checkpoint();
            assertTrue(Files.size(DB) > before + (long) ROWS * ROW_BYTES, "the checkpoint copied every committed page");
        }
    }
}
