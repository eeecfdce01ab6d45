package io.descartes.hub.zmq;

import java.util.function.UnaryOperator;

/**
 * The key pair a connecting socket authenticates with, and the public key of the CURVE server at an address: a
 * function, because the hub connects to runners whose keys it learns as they register.
 */
public record ClientCurve(String publicKey, String secretKey, UnaryOperator<String> serverKeyOf) {

    public ClientCurve {
        ServerCurve.requireKey("CURVE client public key", publicKey);
        ServerCurve.requireKey("CURVE client secret key", secretKey);
    }
}
