package io.descartes.hub.security;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the 256-bit master key of the secret vault comes from: the environment variable
 * {@value #ENV} (base64), else a key file (base64, 0600) generated on first start. The key's bytes
 * are never logged; only where it came from is.
 */
public final class MasterKey {

    public static final String ENV = "DESCARTES_MASTER_KEY";
    private static final Logger LOG = LoggerFactory.getLogger(MasterKey.class);

    private MasterKey() {
    }

    /** @param fromEnvironment the value of {@value #ENV}, null or empty when unset */
    static byte[] load(String fromEnvironment, Path file) throws IOException {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            LOG.info("secret vault: master key from environment variable {}", ENV);
            return decode(fromEnvironment.trim(), ENV);
        }
        return decode(PrivateFile.readOrCreate(file, "secret vault master key", MasterKey::generate), file.toString());
    }

    private static byte[] decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("master key from " + source + " is not valid base64");
        }
        if (key.length != SecretCipher.KEY_BYTES) {
            throw new IllegalStateException("master key from " + source + " must decode to " + SecretCipher.KEY_BYTES
                    + " bytes, got " + key.length + " (generate one with: head -c 32 /dev/urandom | base64)");
        }
        return key;
    }

    private static String generate() {
        byte[] key = new byte[SecretCipher.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
