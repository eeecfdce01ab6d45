package io.descartes.hub.agents;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's stdin, written in order on a thread of its own: an agent that reads its stdin slowly or never (its pipe
 * full) holds up only that thread, never a spawn, the process starter or another agent. The thread ends when idle.
 */
final class AgentStdin {

    private static final Logger LOG = LoggerFactory.getLogger(AgentStdin.class);

    private final UUID agentId;
    private final OutputStream stdin;
    private final ThreadPoolExecutor writer;

    AgentStdin(UUID agentId, OutputStream stdin) {
        this.agentId = agentId;
        this.stdin = stdin;
        this.writer = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "agent-" + agentId + "-stdin");
            thread.setDaemon(true);
            return thread;
        });
        writer.allowCoreThreadTimeOut(true);
    }

    /**
     * Queues bytes for the agent (its task, a bus line) and returns at once; end of input follows them when
     * {@code close}. Refused ({@link RejectedExecutionException}) once the process has ended.
     */
    void feed(byte[] bytes, boolean close) {
        writer.execute(() -> {
            try {
                write(bytes);
                if (close) {
                    stdin.close();
                }
            } catch (IOException e) {
                LOG.info("agent {} did not take its input on stdin: {}", agentId, e.getMessage());
            }
        });
    }

    /** Writes after everything queued before (the task first) and waits for it: write_stdin reports a closed stdin. */
    void writeAndWait(byte[] bytes) throws IOException, InterruptedException {
        try {
            writer.submit(() -> {
                write(bytes);
                return null;
            }).get();
        } catch (RejectedExecutionException e) {
            throw new IOException("the agent has ended", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The process has ended: what is still queued would only fail. */
    void close() {
        writer.shutdownNow();
    }

    private void write(byte[] bytes) throws IOException {
        stdin.write(bytes);
        stdin.flush();
    }
}
