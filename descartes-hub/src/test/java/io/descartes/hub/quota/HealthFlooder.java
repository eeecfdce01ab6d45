package io.descartes.hub.quota;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.testing.OtherUser;

/**
 * peers/health_flooder.py run as another local user ({@code nobody}): it sends health checks to a command endpoint
 * until its stdin closes, printing its progress ({@code sent}, {@code served}, {@code limited}) as JSON lines and its
 * totals (the same, plus {@code served_ids}) as the last one.
 */
final class HealthFlooder implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedReader out;

    private HealthFlooder(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Arguments: the command endpoint, then for CURVE the server's public key and the flooder's key pair. */
    static HealthFlooder start(String... args) throws IOException {
        return new HealthFlooder(OtherUser.startScript("/peers/health_flooder.py", args));
    }

    /** The first progress line that counts a rate_limited reply (or the totals, if it ended before any). */
    JsonNode awaitRefusal() throws IOException {
        JsonNode progress = JSON.readTree(line());
        while (progress.get("limited").asLong() == 0 && !progress.has("served_ids")) {
            progress = JSON.readTree(line());
        }
        return progress;
    }

    boolean isFlooding() {
        return process.isAlive();
    }

    /** Ends the flood: its totals, once the flooder exited cleanly. */
    JsonNode stop() throws IOException, InterruptedException {
        process.getOutputStream().close();
        String line = line();
        while (!line.contains("served_ids")) {
            line = line();
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, "flooder exit");
        return JSON.readTree(line);
    }

    private String line() throws IOException {
        String line = out.readLine();
        assertNotNull(line, "the flooder ended early (its errors are in the test output)");
        return line;
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        out.close();
    }
}
