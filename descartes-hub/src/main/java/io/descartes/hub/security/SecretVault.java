package io.descartes.hub.security;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.sql.DataSource;

/**
 * Secrets encrypted at rest ({@link SecretCipher}), versioned, with an access log that records
 * names, versions and actions, never values. Each change is one transaction.
 *
 * <p>Integration point for agents: {@link #resolve(List)} turns the secret names listed in an
 * agent's spawn metadata into the values to put in its environment (name = variable name); an
 * unknown name throws {@link UnknownSecretException}, which must fail the spawn.
 */
public final class SecretVault {

    private static final byte[] KEY_CHECK = "descartes secret vault key check".getBytes(StandardCharsets.UTF_8);
    private static final String KEY_CHECK_AAD = "key-check";

    private final DataSource dataSource;
    private final SecretCipher cipher;
    private final Clock clock;

    /** Opens the vault; a master key other than the one the database was set up with fails here. */
    public SecretVault(DataSource dataSource, byte[] masterKey, Clock clock) throws SQLException {
        this.dataSource = dataSource;
        this.cipher = new SecretCipher(masterKey);
        this.clock = clock;
        checkKey();
    }

    private void checkKey() throws SQLException {
        SecretCipher.Sealed candidate = cipher.seal(KEY_CHECK, KEY_CHECK_AAD);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO secret_key_check (id, nonce, ciphertext, created_at) "
                    + "VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                ps.setBytes(1, candidate.nonce());
                ps.setBytes(2, candidate.ciphertext());
                ps.setLong(3, clock.millis());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT nonce, ciphertext FROM secret_key_check WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                cipher.open(rs.getBytes(1), rs.getBytes(2), KEY_CHECK_AAD);
            } catch (AEADBadTagException e) {
                throw new IllegalStateException("secret vault: the master key is not the one this database's secrets were "
                        + "encrypted with (key check failed); set " + MasterKey.ENV + " or hub.security.master-key-file "
                        + "to the original key");
            }
        }
    }

    /** The new secret (version 1), or empty when the name is taken. */
    public Optional<SecretMetadata> create(String name, String value, String via) throws SQLException {
        long now = clock.millis();
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO secrets (name, current_version, created_at) "
                    + "VALUES (?, 1, ?) ON CONFLICT (name) DO NOTHING")) {
                ps.setString(1, name);
                ps.setLong(2, now);
                if (ps.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            storeVersion(c, name, 1, value, now);
            audit(c, name, "created", 1, via, now);
            return Optional.of(new SecretMetadata(name, 1, now, null));
        });
    }

    /** The secret with its new version, or empty when there is no such secret. Older versions are kept. */
    public Optional<SecretMetadata> rotate(String name, String value, String via) throws SQLException {
        long now = clock.millis();
        return inTransaction(c -> {
            SecretMetadata rotated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE secrets SET current_version = current_version + 1, "
                    + "rotated_at = ? WHERE name = ? RETURNING current_version, created_at")) {
                ps.setLong(1, now);
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    rotated = new SecretMetadata(name, rs.getInt(1), rs.getLong(2), now);
                }
            }
            storeVersion(c, name, rotated.version(), value, now);
            audit(c, name, "rotated", rotated.version(), via, now);
            return Optional.of(rotated);
        });
    }

    /** Deletes the secret and all its versions; false when there is no such secret. */
    public boolean delete(String name, String via) throws SQLException {
        long now = clock.millis();
        return inTransaction(c -> {
            execute(c, "DELETE FROM secret_versions WHERE name = ?", name);
            if (execute(c, "DELETE FROM secrets WHERE name = ?", name) == 0) {
                return false;
            }
            audit(c, name, "deleted", null, via, now);
            return true;
        });
    }

    public List<SecretMetadata> list() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT name, current_version, created_at, rotated_at FROM secrets ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            List<SecretMetadata> secrets = new ArrayList<>();
            while (rs.next()) {
                secrets.add(metadata(rs));
            }
            return secrets;
        }
    }

    public Optional<SecretMetadata> find(String name) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT name, current_version, created_at, rotated_at FROM secrets WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(metadata(rs)) : Optional.empty();
            }
        }
    }

    /** The current value, logged as "revealed"; empty when there is no such secret. */
    public Optional<String> reveal(String name, String via) throws SQLException {
        Map<String, String> values = currentValues(List.of(name), "revealed", via);
        return Optional.ofNullable(values.get(name));
    }

    /**
     * The current values of the named secrets, in the order asked, for an agent's environment at spawn;
     * logged as "injected" (via "spawn").
     *
     * @throws UnknownSecretException when any name is unknown (nothing is returned then)
     */
    public Map<String, String> resolve(List<String> names) throws SQLException {
        Map<String, String> values = currentValues(names, "injected", "spawn");
        List<String> unknown = names.stream().filter(n -> !values.containsKey(n)).distinct().toList();
        if (!unknown.isEmpty()) {
            throw new UnknownSecretException(unknown);
        }
        return values;
    }

    private Map<String, String> currentValues(List<String> names, String action, String via) throws SQLException {
        long now = clock.millis();
        return inTransaction(c -> {
            Map<String, String> values = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT v.version, v.nonce, v.ciphertext FROM secrets s "
                    + "JOIN secret_versions v ON v.name = s.name AND v.version = s.current_version WHERE s.name = ?")) {
                for (String name : names) {
                    ps.setString(1, name);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            audit(c, name, action + "-unknown", null, via, now);
                            continue;
                        }
                        int version = rs.getInt(1);
                        values.put(name, open(name, version, rs.getBytes(2), rs.getBytes(3)));
                        audit(c, name, action, version, via, now);
                    }
                }
            }
            return values;
        });
    }

    private String open(String name, int version, byte[] nonce, byte[] ciphertext) {
        try {
            return new String(cipher.open(nonce, ciphertext, aad(name, version)), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("secret '" + name + "' version " + version + " does not decrypt: tampered row");
        }
    }

    private void storeVersion(Connection c, String name, int version, String value, long now) throws SQLException {
        SecretCipher.Sealed sealed = cipher.seal(value.getBytes(StandardCharsets.UTF_8), aad(name, version));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO secret_versions (name, version, nonce, ciphertext, "
                + "created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setInt(2, version);
            ps.setBytes(3, sealed.nonce());
            ps.setBytes(4, sealed.ciphertext());
            ps.setLong(5, now);
            ps.executeUpdate();
        }
    }

    private static void audit(Connection c, String name, String action, Integer version, String via, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO secret_access_log (at, name, action, version, via) "
                + "VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, now);
            ps.setString(2, name);
            ps.setString(3, action);
            ps.setObject(4, version);
            ps.setString(5, via);
            ps.executeUpdate();
        }
    }

    private static int execute(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            return ps.executeUpdate();
        }
    }

    private static SecretMetadata metadata(ResultSet rs) throws SQLException {
        long rotated = rs.getLong(4);
        return new SecretMetadata(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.wasNull() ? null : rotated);
    }

    private static String aad(String name, int version) {
        return "secret:" + name + ":" + version;
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
