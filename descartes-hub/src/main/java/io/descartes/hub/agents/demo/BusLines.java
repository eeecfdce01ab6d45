package io.descartes.hub.agents.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The demo bus agents' side of the stdio bridge, all an agent needs to be on the bus: print {@code "@bus " + JSON} to
 * send, read lines starting with {@code "@bus "} from stdin to receive (README "Message bus"). No ZeroMQ here.
 */
final class BusLines {

    static final String MARK = "@bus ";
    static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    /** The task (the first stdin line) as its {@code key=value} words. */
    Map<String, String> task() throws IOException {
        String task = stdin.readLine();
        Map<String, String> words = new HashMap<>();
        for (String word : (task == null ? "" : task).split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                words.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return words;
    }

    /** The next bus line (a delivered bus_message, or a bus_reply refusing a line of ours); null at end of input. */
    JsonNode next() throws IOException {
        for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
            if (line.startsWith(MARK)) {
                return JSON.readTree(line.substring(MARK.length()));
            }
        }
        return null;
    }

    static ObjectNode message(String kind) {
        return JSON.createObjectNode().put("kind", kind);
    }

    static synchronized void send(ObjectNode message) {
        System.out.println(MARK + message);
        System.out.flush();
    }

    static synchronized void say(String text) {
        System.out.println(text);
        System.out.flush();
    }
}
