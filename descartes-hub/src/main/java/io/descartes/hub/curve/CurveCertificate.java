package io.descartes.hub.curve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.descartes.hub.store.PrivatePaths;
import org.zeromq.ZMQ;

/**
 * A CURVE key pair in ZeroMQ's certificate files (ZPL, as CZMQ's zcert and pyzmq's
 * {@code zmq.auth.create_certificates} write them): {@code <name>.key} holds the public key,
 * {@code <name>.key_secret} both keys; {@code zmq.auth.load_certificate} reads either. The secret key is null
 * for a certificate read from a public file.
 */
public record CurveCertificate(String publicKey, String secretKey) {

    public static final String PUBLIC_SUFFIX = ".key";
    public static final String SECRET_SUFFIX = ".key_secret";
    private static final String Z85 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

    public static CurveCertificate generate() {
        ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
        return new CurveCertificate(pair.publicKey, pair.secretKey);
    }

    /**
     * The pair in {@code folder/<name>.key_secret}, generated there on first use (folder 0700, files 0600). Two
     * processes starting at once on one folder agree: the secret file appears whole or not at all (written aside,
     * then linked into place, which fails if it exists), and the one that loses reads the winner's.
     */
    public static CurveCertificate loadOrCreate(Path folder, String name) throws IOException {
        Path secret = folder.resolve(name + SECRET_SUFFIX);
        if (Files.notExists(secret)) {
            PrivatePaths.ownFolder(folder);
            CurveCertificate fresh = generate();
            PrivatePaths.publish(secret, fresh.zpl(true));
        }
        if (PrivatePaths.isOpenToOthers(secret)) {
            throw new IllegalStateException(secret.toAbsolutePath() + " is accessible by other users: chmod 600 it");
        }
        CurveCertificate pair = read(secret);
        if (pair.secretKey() == null) {
            throw new IllegalStateException(secret.toAbsolutePath() + " holds no secret-key: not a secret certificate");
        }
        Path publicFile = folder.resolve(name + PUBLIC_SUFFIX);
        if (Files.notExists(publicFile)) {
            PrivatePaths.publish(publicFile, pair.zpl(false));
        }
        return pair;
    }

    /**
     * Reads a certificate file. One that is missing, partial or malformed stops the caller with a message naming the
     * file, never quoting its content.
     */
    public static CurveCertificate read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("ZeroMQ certificate " + file.toAbsolutePath() + " does not exist");
        }
        String publicKey = null;
        String secretKey = null;
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.startsWith("public-key")) {
                publicKey = value(trimmed, file);
            } else if (trimmed.startsWith("secret-key")) {
                secretKey = value(trimmed, file);
            }
        }
        if (publicKey == null) {
            throw invalid(file, "no public-key");
        }
        return new CurveCertificate(publicKey, secretKey);
    }

    private static String value(String line, Path file) {
        int eq = line.indexOf('=');
        String value = eq < 0 ? "" : line.substring(eq + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        if (!isKey(value)) {
            throw invalid(file, "a key that is not " + ZMQ.Curve.KEY_SIZE_Z85 + " Z85 characters");
        }
        return value;
    }

    /** Whether the text is a CURVE key in Z85: 40 characters of the Z85 alphabet (JeroMQ's decoder checks neither). */
    public static boolean isKey(String text) {
        return text.length() == ZMQ.Curve.KEY_SIZE_Z85 && text.chars().allMatch(c -> Z85.indexOf(c) >= 0);
    }

    private static IllegalStateException invalid(Path file, String what) {
        return new IllegalStateException("ZeroMQ certificate " + file.toAbsolutePath() + " is corrupt or partial ("
                + what + "): restore it or delete it to have a new one made");
    }

    /** The secret certificate's text (both keys), as {@code <name>.key_secret} holds it. */
    public String secretFile() {
        return zpl(true);
    }

    private String zpl(boolean withSecret) {
        StringBuilder out = new StringBuilder()
                .append("#   ****  Generated on ").append(Instant.now()).append(" by descartes-hub  ****\n")
                .append(withSecret ? "#   ZeroMQ CURVE **Secret** Certificate\n"
                        + "#   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.\n"
                        : "#   ZeroMQ CURVE Public Certificate\n"
                        + "#   Exchange securely, or use a secure mechanism to verify the contents\n"
                        + "#   of this file after exchange. Store public certificates in your home\n"
                        + "#   directory, in the .curve subdirectory.\n")
                .append("\nmetadata\ncurve\n")
                .append("    public-key = \"").append(publicKey).append("\"\n");
        if (withSecret) {
            out.append("    secret-key = \"").append(secretKey).append("\"\n");
        }
        return out.toString();
    }
}
