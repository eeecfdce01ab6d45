package io.descartes.hub.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

/** The failed-start line names the cause, not the wrappers Camel puts around it. */
class ExitingMainTest {

    @Test
    void aWrapperRepeatingItsCauseIsSkipped() {
        // how Camel wraps a checked exception thrown by a @BindToRegistry method
        Exception failure = new RuntimeCamelException(new RuntimeCamelException(new IOException("master key file is unreadable")));
        assertEquals("master key file is unreadable", ExitingMain.reason(failure));
    }

    @Test
    void aWrapperWithAMessageOfItsOwnIsKept() {
        Exception failure = new IllegalStateException("HTTP port 127.0.0.1:8080 is not available",
                new IOException("Address already in use"));
        assertEquals("HTTP port 127.0.0.1:8080 is not available", ExitingMain.reason(failure));
    }
}
