package io.descartes.hub.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer token of the HTTP port. Compared through SHA-256 digests with
 * {@link MessageDigest#isEqual}, so the time taken depends neither on how many leading characters
 * match nor on the presented token's length. {@link #toString()} never shows the value.
 */
public final class AccessToken {

    private final byte[] digest;

    private AccessToken(String value) {
        this.digest = sha256(value);
    }

    /**
     * The token to require, or null when auth is off. Auth is off only on a loopback host with
     * {@code authOnLoopback=false}; asking for that on any other host is a startup error.
     *
     * @param configured {@code hub.security.token}; empty = read or generate {@code file}
     */
    public static AccessToken resolve(String host, boolean authOnLoopback, String configured, Path file)
            throws IOException {
        if (!authOnLoopback) {
            if (!isLoopback(host)) {
                throw new IllegalStateException("hub.security.auth-on-loopback=false is only allowed when the HTTP "
                        + "server listens on loopback, but hub.http.host=" + host + ": remove it or bind to 127.0.0.1");
            }
            return null;
        }
        if (configured != null && !configured.isBlank()) {
            return new AccessToken(configured.trim());
        }
        return new AccessToken(PrivateFile.readOrCreate(file, "HTTP bearer token", AccessToken::generate));
    }

    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("hub.http.host=" + host + " does not resolve", e);
        }
    }

    private static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "AccessToken[hidden]";
    }
}
