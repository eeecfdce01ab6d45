package io.descartes.hub.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a fresh random 96-bit nonce for every value sealed. The associated data names
 * what the ciphertext belongs to (a secret's name and version), so a ciphertext copied onto
 * another row does not open.
 */
final class SecretCipher {

    static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    record Sealed(byte[] nonce, byte[] ciphertext) {
    }

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    SecretCipher(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalStateException("the master key must be " + KEY_BYTES + " bytes (256 bits), got " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    Sealed seal(byte[] plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            return new Sealed(nonce, cipher(Cipher.ENCRYPT_MODE, nonce, associatedData).doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** @throws AEADBadTagException when the key, nonce, data or associated data do not match */
    byte[] open(byte[] nonce, byte[] ciphertext, String associatedData) throws AEADBadTagException {
        try {
            return cipher(Cipher.DECRYPT_MODE, nonce, associatedData).doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String associatedData) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, Arrays.copyOf(nonce, nonce.length)));
        cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
