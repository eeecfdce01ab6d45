package io.descartes.hub.bus;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A stdio bus agent a test drives through write_stdin: a stdin line {@code say <text>} is printed as it is (so the test
 * chooses the agent's bus lines, good or bad), and every bus line the hub writes to its stdin is printed back unmarked,
 * as {@code got <line>}, so the test reads what it received in the agent's output.
 */
public final class BusRelayAgentMain {

    private BusRelayAgentMain() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
            if (line.startsWith("say ")) {
                System.out.println(line.substring(4));
            } else if (line.startsWith("@bus ")) {
                System.out.println("got " + line);
            }
            System.out.flush();
        }
    }
}
