package io.descartes.hub.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The bytes the kernel holds in the established TCP connections to or from a port on this machine, read from
 * {@code /proc/net/tcp} and {@code tcp6} (Java's sockets are IPv6 ones, an IPv4 peer mapped into them): the sender's unacknowledged bytes ({@code tx_queue}) and the receiver's unread ones
 * ({@code rx_queue}) of both ends. How many bytes that can be is the kernel's buffer autotuning and differs by
 * machine and by moment, so a test that bounds what a process took in subtracts what is still in the kernel.
 */
public final class LoopbackQueues {

    private static final String ESTABLISHED = "01";

    private LoopbackQueues() {
    }

    public static long bytesQueued(int port) throws IOException {
        long bytes = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            bytes += bytesQueued(port, Files.readAllLines(Path.of(table)));
        }
        return bytes;
    }

    static long bytesQueued(int port, List<String> procNetTcp) {
        long bytes = 0;
        for (String line : procNetTcp.subList(1, procNetTcp.size())) {
            // sl local_address rem_address st tx_queue:rx_queue ...
            String[] fields = line.trim().split("\\s+");
            if (fields[3].equals(ESTABLISHED) && (port(fields[1]) == port || port(fields[2]) == port)) {
                String[] queues = fields[4].split(":");
                bytes += Long.parseLong(queues[0], 16) + Long.parseLong(queues[1], 16);
            }
        }
        return bytes;
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
    }
}
