package io.descartes.hub.agents;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code hub.agents.backends.<name>.bus}: off unless set to jsonl; anything else stops the start naming the key. */
class BusBridgeSettingTest {

    @Test
    void aBackendIsOnTheBusOnlyWhenItSaysJsonl() {
        Properties keys = new Properties();
        keys.setProperty("hub.agents.backends.plain.argv", "cat");
        keys.setProperty("hub.agents.backends.bridged.argv", "cat");
        keys.setProperty("hub.agents.backends.bridged.bus", "jsonl");
        AgentBackends backends = AgentBackends.fromProperties(keys);
        assertEquals(BusBridge.NONE, backends.get("plain").bus());
        assertEquals(BusBridge.JSONL, backends.get("bridged").bus());

        keys.setProperty("hub.agents.backends.bridged.bus", "zmq");
        IllegalStateException wrong = assertThrows(IllegalStateException.class, () -> AgentBackends.fromProperties(keys));
        assertTrue(wrong.getMessage().startsWith("hub.agents.backends.bridged.bus: bus must be none or jsonl"),
                wrong.getMessage());
    }
}
