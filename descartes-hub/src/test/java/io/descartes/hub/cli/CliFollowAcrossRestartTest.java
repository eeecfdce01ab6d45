package io.descartes.hub.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.EventAck;
import io.descartes.hub.protocol.LogStream;
import io.descartes.hub.protocol.LogStreamType;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.junit.jupiter.api.Test;

/**
 * {@code descartes logs -f} keeps following an agent through a hub that is killed and started again: it reconnects
 * and resumes after the last event it printed, so what was recorded while it was away is printed too, once.
 */
class CliFollowAcrossRestartTest {

    private static final String DB = "target/cli-follow-restart-test.db";
    private static final int PORT = TestPorts.port("CliFollowAcrossRestartTest.http");
    private static final String RUNNER_LINK = TestPorts.tcp("CliFollowAcrossRestartTest.runner");
    private static final Map<String, String> HUB = Map.of(
            "hub.http.port", String.valueOf(PORT),
            "hub.zmq.command.address", TestPorts.tcp("CliFollowAcrossRestartTest.command"),
            "hub.zmq.pub.address", TestPorts.tcp("CliFollowAcrossRestartTest.pub"),
            "hub.zmq.runner.address", RUNNER_LINK,
            "hub.db.url", "jdbc:sqlite:" + DB,
            "hub.security.token", TestAuth.TOKEN,
            "hub.agents.workspace-root", "target/cli-follow-restart-test-workspaces",
            "hub.agents.process-records", "target/cli-follow-restart-test-processes",
            "camel.main.routes-reload-enabled", "false");

    /** An agent of its own (as upstream's are) reporting on the runner link: it lives on while the hub restarts. */
    private static final UUID AGENT = UUID.randomUUID();

    @Test
    void aFollowerResumesAfterItsLastEventWhenTheHubComesBack() throws Exception {
        TestDatabase.reset(DB);
        Path log = HubProcess.logFile("cli-follow-restart-hub");
        try (HubProcess hub = HubProcess.start(HUB, log)) {
            report(new StatusUpdate(AGENT, StatusUpdateType.STATUS_CHANGED, AgentStatus.RUNNING, "working", null,
                    WireTime.now()));
            lines(1, 3);
            try (CliProcess follow = CliProcess.at(PORT).start("logs", "-f", AGENT.toString())) {
                follow.awaitOut("line 3"); // from the history it prints first
                lines(4, 4);
                follow.awaitOut("line 4"); // from the stream: it follows
                hub.kill();
                follow.awaitErr("the event stream ended");
                // held still while the hub comes back and records more: only a resume from its cursor can get these
                follow.signal("STOP");
                try (HubProcess again = HubProcess.start(HUB, log)) {
                    lines(5, 7);
                    follow.signal("CONT");
                    follow.awaitOut("line 7");
                    lines(8, 9); // live again
                    follow.awaitOut("line 9");
                    report(new StatusUpdate(AGENT, StatusUpdateType.COMPLETED, AgentStatus.COMPLETED, "done", null,
                            WireTime.now()));
                    assertEquals(0, follow.awaitExit(), follow.out() + follow.err());
                }
                List<String> printed = follow.outLines().stream().filter(l -> l.startsWith("line ")).toList();
                assertEquals(IntStream.rangeClosed(1, 9).mapToObj(i -> "line " + i).toList(), printed,
                        "every line once, in order:\n" + follow.out() + follow.err());
            }
        }
    }

    private static void lines(int first, int last) {
        for (int i = first; i <= last; i++) {
            report(new LogStream(AGENT, LogStreamType.STDOUT, ("line " + i + "\n").getBytes(StandardCharsets.UTF_8),
                    WireTime.now(), i));
        }
    }

    /** Sends one event and waits for its ack: stored. */
    private static void report(ZmqMessage event) {
        try (DescartesPeer agent = new DescartesPeer(RUNNER_LINK)) {
            assertInstanceOf(EventAck.class, agent.call(event));
        }
    }
}
