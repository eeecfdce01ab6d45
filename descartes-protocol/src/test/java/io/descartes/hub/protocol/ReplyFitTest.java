package io.descartes.hub.protocol;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kind of reply, too large for a small limit, becomes what fits: its own failure, then with cut echoes. */
class ReplyFitTest {

    private static final int LIMIT = ReplyFit.MIN_LIMIT;
    private static final DescartesCodec CODEC = new DescartesCodec(LIMIT);
    private static final ReplyFit FIT = new ReplyFit(CODEC);
    private static final UUID AGENT = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");
    private static final String BIG = "x".repeat(2 * LIMIT);

    @Test
    void aReplyThatFitsIsSentAsItIs() {
        HealthCheckResponse reply = new HealthCheckResponse("h", true, "1.0.0", 1L, 0L, Map.of("server_id", "s"));
        assertArrayEquals(CODEC.encode(reply), FIT.encode(reply));
    }

    @Test
    void responsesTooLargeBecomeFailuresOfTheirOwnTypeWithTheWholeRequestId() {
        AgentInfo info = new AgentInfo(AGENT, "a", AgentStatus.RUNNING, "demo", new WireTime(1, 0), BIG, null, null, null);
        SpawnResponse spawn = assertInstanceOf(SpawnResponse.class,
                fitted(new SpawnResponse("s-1", true, info, null, "server-1")));
        assertEquals("s-1", spawn.requestId());
        assertFalse(spawn.success());
        assertNull(spawn.agentInfo());
        assertEquals("server-1", spawn.serverId());
        assertTooLarge(spawn.error());

        ListAgentsResponse list = assertInstanceOf(ListAgentsResponse.class,
                fitted(new ListAgentsResponse("l-1", true, List.of(info), null)));
        assertEquals("l-1", list.requestId());
        assertFalse(list.success());
        assertTrue(list.agents().isEmpty());
        assertTooLarge(list.error());

        OutputQueryResponse output = assertInstanceOf(OutputQueryResponse.class,
                fitted(new OutputQueryResponse("q-1", AGENT, true, Collections.nCopies(400, "line of output"), 400L, true, null)));
        assertEquals(AGENT, output.agentId());
        assertFalse(output.success());
        assertTrue(output.lines().isEmpty());
        assertTooLarge(output.error());

        CommandResponse action = assertInstanceOf(CommandResponse.class, fitted(new CommandResponse("c-1", AGENT, true,
                AgentStatus.RUNNING, JsonNodeFactory.instance.objectNode().put("result", BIG), null)));
        assertEquals(AGENT, action.agentId());
        assertFalse(action.success());
        assertNull(action.data());
        assertTooLarge(action.error());

        List<BatchAgentResult> results = Collections.nCopies(300, new BatchAgentResult(AGENT, true, AgentStatus.TERMINATED, null));
        BatchControlResponse batch = assertInstanceOf(BatchControlResponse.class,
                fitted(new BatchControlResponse("b-1", true, results, 300, 0)));
        assertFalse(batch.success());
        assertEquals(300, batch.successful(), "the counts still say what the batch did");
        assertEquals(1, batch.results().size());
        assertEquals(ProtocolErrors.NO_AGENT, batch.results().get(0).agentId());
        assertTooLarge(batch.results().get(0).error());
    }

    @Test
    void anErrorReplyEchoingAHugeRequestIdKeepsItsCodeAndReasonAndSaysTheIdWasCut() {
        CommandResponse error = ProtocolErrors.toResponse(
                new ProtocolException(ErrorCode.OVERSIZE, "frame too large").withRequestId(BIG));
        CommandResponse fitted = assertInstanceOf(CommandResponse.class, fitted(error));
        assertEquals(BIG.substring(0, ReplyFit.ECHO_LIMIT), fitted.requestId());
        assertEquals("oversize", fitted.data().get("code").asText());
        assertEquals("frame too large (request_id cut to its first 256 of " + BIG.length() + " characters)", fitted.error());
    }

    @Test
    void aReasonEchoingHugeInputIsCutAndMarked() {
        CommandResponse error = ProtocolErrors.toResponse(
                new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown variant `" + BIG + "`").withRequestId("u-1"));
        CommandResponse fitted = assertInstanceOf(CommandResponse.class, fitted(error));
        assertEquals("u-1", fitted.requestId());
        assertEquals("unknown_type", fitted.data().get("code").asText());
        assertEquals(ReplyFit.ECHO_LIMIT + 1, fitted.error().length());
        assertTrue(fitted.error().startsWith("unknown variant `xxx") && fitted.error().endsWith("…"), fitted.error());
    }

    @Test
    void aReplyWithNoFailureFormOfItsOwnBecomesTheErrorReply() {
        CommandResponse fitted = assertInstanceOf(CommandResponse.class, fitted(new EventAck(BIG, 1, false)));
        assertEquals(ProtocolErrors.NO_AGENT, fitted.agentId());
        assertEquals("oversize", fitted.data().get("code").asText());
        assertTooLarge(fitted.error());
    }

    @Test
    void aLimitTooSmallForEveryReplyIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReplyFit(new DescartesCodec(LIMIT - 1)));
        assertTrue(e.getMessage().contains("must be at least " + LIMIT), e.getMessage());
    }

    private static ZmqMessage fitted(ZmqMessage reply) {
        byte[] bytes = FIT.encode(reply);
        assertTrue(bytes.length <= LIMIT, "reply of " + bytes.length + " bytes");
        return CODEC.decode(bytes);
    }

    private static void assertTooLarge(String error) {
        assertTrue(error.startsWith("response too large: frame of "), error);
        assertTrue(error.contains("exceeds the " + LIMIT + "-byte limit"), error);
    }
}
