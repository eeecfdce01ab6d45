package io.descartes.hub.curve;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.Waits;
import io.descartes.hub.testing.RunnerProcess;
import io.descartes.hub.testing.TestPorts;
import org.junit.jupiter.api.Test;

/** A runner told that the hub runs without CURVE refuses, like the hub, an address other machines can reach. */
class RunnerWithoutCurveTest {

    @Test
    void unauthenticatedRunnerOnAReachableAddressDoesNotStart() throws Exception {
        Path log = HubProcess.logFile("runner-without-curve");
        Files.deleteIfExists(log);
        try (RunnerProcess runner = RunnerProcess.start(Map.of("hub.zmq.curve.enabled", "false",
                "hub.zmq.runner.address", TestPorts.tcp("RunnerWithoutCurveTest.runner"), "hub.runner.command-address",
                        "tcp://0.0.0.0:" + TestPorts.port("RunnerWithoutCurveTest.runner-command"),
                "hub.agents.workspace-root", "target/runner-without-curve-workspaces"), log)) {
            Waits.await("the runner JVM ended").until(() -> !runner.isAlive());
        }
        String output = Files.readString(log);
        assertTrue(output.contains("failed to start: hub.zmq.curve.enabled=false (unauthenticated ZeroMQ) is allowed only"
                + " on loopback or ipc:// addresses, but tcp://0.0.0.0:"
                        + TestPorts.port("RunnerWithoutCurveTest.runner-command") + " is reachable"), output);
    }
}
