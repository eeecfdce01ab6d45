package io.descartes.hub.curve;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Unauthenticated ZeroMQ (hub.zmq.curve.enabled=false) is allowed only where no other machine can reach it:
 * tcp on 127.0.0.0/8, ::1 or localhost, ipc:// and inproc://. Host names are not resolved, so anything else,
 * "*" included, counts as reachable.
 */
final class LoopbackOnly {

    private static final Pattern TCP_HOST = Pattern.compile("tcp://(\\[[^]]*]|[^:/]*):.*");

    private LoopbackOnly() {
    }

    /** Fails with one line naming the first address that is not loopback, among comma-separated ones per entry. */
    static void require(String why, List<String> addressLists) {
        for (String list : addressLists) {
            for (String address : Arrays.stream(list.split(",")).map(String::trim).toList()) {
                if (!isLoopback(address)) {
                    throw new IllegalStateException(why + " is allowed only on loopback or ipc:// addresses, but "
                            + address + " is reachable from other machines: enable CURVE (hub.zmq.curve.enabled=true)"
                            + " or bind to 127.0.0.1");
                }
            }
        }
    }

    static boolean isLoopback(String address) {
        if (address.startsWith("ipc://") || address.startsWith("inproc://")) {
            return true;
        }
        Matcher m = TCP_HOST.matcher(address);
        if (!m.matches()) {
            return false;
        }
        String host = m.group(1).toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.equals("[::1]") || host.equals("::1")) {
            return true;
        }
        String[] octets = host.split("\\.");
        if (octets.length != 4 || !octets[0].equals("127")) {
            return false;
        }
        return Arrays.stream(octets).allMatch(o -> o.matches("\\d{1,3}") && Integer.parseInt(o) <= 255);
    }
}
