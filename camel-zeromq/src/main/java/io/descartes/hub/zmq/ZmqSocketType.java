package io.descartes.hub.zmq;

import java.util.Arrays;
import java.util.Locale;

import org.apache.camel.ExchangePattern;
import org.zeromq.SocketType;

/** The socket types the component supports, with the role each can play in a route. */
public enum ZmqSocketType {
    ROUTER(SocketType.ROUTER, true, true, true, ExchangePattern.InOut),
    DEALER(SocketType.DEALER, false, true, true, ExchangePattern.InOnly),
    PUB(SocketType.PUB, true, false, true, ExchangePattern.InOnly),
    SUB(SocketType.SUB, false, true, false, ExchangePattern.InOnly),
    PUSH(SocketType.PUSH, false, false, true, ExchangePattern.InOnly),
    PULL(SocketType.PULL, true, true, false, ExchangePattern.InOnly),
    REQ(SocketType.REQ, false, false, true, ExchangePattern.InOut),
    REP(SocketType.REP, true, true, false, ExchangePattern.InOut);

    private final SocketType zmqType;
    private final boolean bindByDefault;
    private final boolean consumable;
    private final boolean producible;
    private final ExchangePattern defaultPattern;

    ZmqSocketType(SocketType zmqType, boolean bindByDefault, boolean consumable, boolean producible,
                  ExchangePattern defaultPattern) {
        this.zmqType = zmqType;
        this.bindByDefault = bindByDefault;
        this.consumable = consumable;
        this.producible = producible;
        this.defaultPattern = defaultPattern;
    }

    public static ZmqSocketType parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown ZMQ socket type '" + text + "' (option socketType), expected one of "
                    + Arrays.toString(values()));
        }
    }

    public SocketType zmqType() {
        return zmqType;
    }

    public boolean bindByDefault() {
        return bindByDefault;
    }

    public boolean isConsumable() {
        return consumable;
    }

    public boolean isProducible() {
        return producible;
    }

    /** PUB and PUSH cannot receive; polling them for input would never fire. */
    public boolean canReceive() {
        return this != PUB && this != PUSH;
    }

    public ExchangePattern defaultPattern() {
        return defaultPattern;
    }
}
