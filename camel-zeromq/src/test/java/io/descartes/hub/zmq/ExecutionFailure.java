package io.descartes.hub.zmq;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.camel.ExchangeTimedOutException;

final class ExecutionFailure {

    private ExecutionFailure() {
    }

    static void assertTimedOut(CompletableFuture<?> reply) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> reply.get(ZmqTestSupport.WAIT_SECONDS, TimeUnit.SECONDS));
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof ExchangeTimedOutException)) {
            cause = cause.getCause();
        }
        assertInstanceOf(ExchangeTimedOutException.class, cause, () -> "not a timeout: " + e);
    }
}
