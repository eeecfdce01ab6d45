package io.descartes.hub.zmq;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.zeromq.ZMQ;

/**
 * The {@code zmq:} component. It holds one ZMQ context for all its endpoints: inproc:// only connects sockets of
 * the same context, and one I/O thread serves every socket of the hub.
 */
@Component("zmq")
public class ZmqComponent extends HealthCheckComponent {

    private static final long THREAD_JOIN_MS = 5000;

    private final Set<ZmqSocketLoop> openSockets = ConcurrentHashMap.newKeySet();
    /** JeroMQ's I/O and reaper threads: term() only signals them, so stop joins them to leave none behind. */
    private final List<Thread> zmqThreads = new CopyOnWriteArrayList<>();
    private ZMQ.Context zmqContext;
    private ZapAllowList zapAllowList;
    @Metadata(label = "security", autowired = false, description = "Makes every endpoint that binds and sets no CURVE"
            + " key of its own a CURVE server with these keys and allow-list (ZAP): how an application requires CURVE"
            + " on all its bound sockets without keys in their URIs.")
    private ServerCurve bindCurve;
    @Metadata(label = "security", autowired = false, description = "Makes every endpoint that connects and sets no"
            + " CURVE key of its own a CURVE client with this key pair, towards the server key the curve gives for its"
            + " first address (none: a plain connection).")
    private ClientCurve connectCurve;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        int colon = remaining.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("Invalid zmq URI " + uri + ": expected zmq:<socketType>:<address>[,<address>...]");
        }
        ZmqEndpoint endpoint = new ZmqEndpoint(uri, this,
                ZmqSocketType.parse(remaining.substring(0, colon)), remaining.substring(colon + 1), new ZmqConfiguration());
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }

    /** Created on first use, so a component stopped with its CamelContext can start again. */
    synchronized ZMQ.Context getZmqContext() {
        if (zmqContext == null) {
            zmqContext = ZMQ.context(1);
            zmqContext.setThreadFactor((runnable, name) -> {
                Thread thread = new Thread(runnable, "zmq-" + name);
                thread.setDaemon(true);
                zmqThreads.add(thread);
                return thread;
            });
        }
        return zmqContext;
    }

    public void setBindCurve(ServerCurve bindCurve) {
        this.bindCurve = bindCurve;
    }

    public ServerCurve getBindCurve() {
        return bindCurve;
    }

    /** How the hub reaches its runners, and a runner the hub, without keys in their URIs. */
    public void setConnectCurve(ClientCurve connectCurve) {
        this.connectCurve = connectCurve;
    }

    public ClientCurve getConnectCurve() {
        return connectCurve;
    }

    /** Started with the first allow-list, before any socket of that list handshakes. */
    synchronized ZapAllowList zapAllowList() {
        if (zapAllowList == null) {
            zapAllowList = new ZapAllowList(getZmqContext());
        }
        return zapAllowList;
    }

    /** Every bound socket as "label address", e.g. "zmq-commands tcp://127.0.0.1:5555", sorted. */
    public List<String> boundSockets() {
        return openSockets.stream().flatMap(s -> s.describeBound().stream()).sorted().toList();
    }

    void opened(ZmqSocketLoop socket) {
        openSockets.add(socket);
    }

    void closed(ZmqSocketLoop socket) {
        openSockets.remove(socket);
    }

    /**
     * Closes sockets still open (producers of templates may outlive the component) and the ZAP handler because
     * term() waits for every socket; then term() ends the ZMQ I/O and reaper threads.
     */
    @Override
    protected synchronized void doStop() throws Exception {
        for (ZmqSocketLoop socket : List.copyOf(openSockets)) {
            socket.stop();
        }
        if (zapAllowList != null) {
            zapAllowList.stop();
            zapAllowList = null;
        }
        if (zmqContext != null) {
            zmqContext.term();
            zmqContext = null;
        }
        for (Thread thread : zmqThreads) {
            thread.join(THREAD_JOIN_MS);
        }
        zmqThreads.clear();
        super.doStop();
    }
}
