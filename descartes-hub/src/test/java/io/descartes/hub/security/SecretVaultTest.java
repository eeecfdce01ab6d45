package io.descartes.hub.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;

import io.descartes.hub.http.JsonApi;
import io.descartes.hub.testing.MigratedDatabase;
import io.descartes.hub.testing.TestDatabase;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vault's keys and ciphertexts, without a running hub. */
class SecretVaultTest {

    private static final String DB = "target/secret-vault-test.db";

    @Test
    void anotherMasterKeyFailsLoudly(@TempDir Path dir) throws Exception {
        DataSource ds = MigratedDatabase.fresh(DB);
        byte[] key = MasterKey.load(null, dir.resolve("master.key"));
        new SecretVault(ds, key, Clock.systemUTC()).create("TOKEN", "value", "test");
        assertArrayEquals(key, MasterKey.load("", dir.resolve("master.key")), "read back on the next start");
        byte[] other = MasterKey.load(null, dir.resolve("other.key"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new SecretVault(MigratedDatabase.open(DB), other, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("key check failed"), e.getMessage());
        assertEquals(List.of("TOKEN"), new SecretVault(MigratedDatabase.open(DB), key, Clock.systemUTC())
                .list().stream().map(SecretMetadata::name).toList());
    }

    @Test
    void theKeyFileIsOwnerOnlyAndTheEnvironmentWins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("master.key");
        MasterKey.load(null, file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        byte[] fromEnv = new byte[32];
        fromEnv[0] = 7;
        assertArrayEquals(fromEnv, MasterKey.load(Base64.getEncoder().encodeToString(fromEnv), file));
        assertThrows(IllegalStateException.class, () -> MasterKey.load(Base64.getEncoder().encodeToString(new byte[16]), file));
        assertThrows(IllegalStateException.class, () -> MasterKey.load("not base64!", file));
    }

    @Test
    void everyVersionHasItsOwnNonce() throws Exception {
        DataSource ds = MigratedDatabase.fresh(DB);
        SecretVault vault = new SecretVault(ds, new byte[32], Clock.systemUTC());
        vault.create("SAME", "same value", "test");
        vault.rotate("SAME", "same value", "test");
        assertEquals(2, TestDatabase.queryLong(DB, "SELECT count(DISTINCT nonce) FROM secret_versions"));
        assertEquals(2, TestDatabase.queryLong(DB, "SELECT count(DISTINCT ciphertext) FROM secret_versions"));
    }

    @Test
    void revealIsRefusedUnlessAllowed() throws Exception {
        SecretVault vault = new SecretVault(MigratedDatabase.fresh(DB), new byte[32], Clock.systemUTC());
        vault.create("HIDDEN", "do-not-show", "test");
        SecretsHttpApi api = new SecretsHttpApi(vault, new JsonApi(1024), 64, false);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("name", "HIDDEN");
        api.reveal(exchange);
        assertEquals(403, exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertFalse(exchange.getMessage().getBody(String.class).contains("do-not-show"));
        assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM secret_access_log WHERE action = 'revealed'"));
    }
}
