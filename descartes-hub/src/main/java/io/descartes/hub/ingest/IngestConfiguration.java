package io.descartes.hub.ingest;

import java.time.Clock;
import javax.sql.DataSource;

import io.descartes.hub.http.Json;
import io.descartes.hub.metrics.HubMeters;
import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.DescartesMsgpackDataFormat;
import io.descartes.hub.protocol.DescartesReplyDataFormat;
import io.descartes.hub.protocol.MessageType;
import io.descartes.hub.store.EventJournal;
import io.descartes.hub.store.HubPresence;
import io.descartes.hub.store.JournalWriter;
import io.descartes.hub.zmq.ZmqWakeups;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.support.CamelContextHelper;

/**
 * The ingest path's beans (routes/ingest.camel.yaml, commands.camel.yaml): the event journal that group-commits
 * every recorded frame, the guards before decoding, and the recorders and replies after it.
 */
public class IngestConfiguration implements CamelConfiguration {

    @BindToRegistry(value = "eventJournal", lazy = true)
    public EventJournal eventJournal(@BeanInject("ds") DataSource ds, @BeanInject("hubMeters") HubMeters meters,
            @PropertyInject("hub.journal.queue-capacity") int queueCapacity,
            @PropertyInject("hub.journal.max-batch") int maxBatch,
            @PropertyInject("hub.journal.linger-ms") int lingerMillis,
            @PropertyInject("hub.journal.offer-timeout-ms") int offerTimeoutMillis, CamelContext context) {
        return new EventJournal(new JournalWriter(ds, Clock.systemUTC()), queueCapacity, maxBatch, lingerMillis,
                offerTimeoutMillis, meters::batchCommitted, new PostCommitWork(context.createProducerTemplate()),
                ZmqWakeups::coalesce);
    }

    @BindToRegistry(value = "singleFrameGuard", lazy = true)
    public SingleFrameGuard singleFrameGuard() {
        return new SingleFrameGuard();
    }

    @BindToRegistry(value = "requestGuard", lazy = true)
    public MessageKindGuard requestGuard() {
        return new MessageKindGuard(MessageType.Kind.REQUEST);
    }

    @BindToRegistry(value = "agentEventGuard", lazy = true)
    public MessageKindGuard agentEventGuard() {
        return new MessageKindGuard(MessageType.Kind.EVENT);
    }

    @BindToRegistry(value = "frameRecorder", lazy = true)
    public FrameRecorder frameRecorder(@BeanInject("hubPresence") HubPresence presence) {
        return new FrameRecorder(Json.MAPPER, presence.instance());
    }

    @BindToRegistry(value = "deadLetterRecorder", lazy = true)
    public DeadLetterRecorder deadLetterRecorder(@PropertyInject("hub.dead-letters.max-raw-bytes") int maxRawBytes) {
        return new DeadLetterRecorder(maxRawBytes);
    }

    @BindToRegistry(value = "errorReply", lazy = true)
    public ErrorReply errorReply() {
        return new ErrorReply();
    }

    @BindToRegistry(value = "frameDecoder", lazy = true)
    public FrameDecoder frameDecoder(@BeanInject("descartesMsgpack") DescartesMsgpackDataFormat format) {
        return new FrameDecoder(format);
    }

    @BindToRegistry(value = "replyEncoder", lazy = true)
    public ReplyEncoder replyEncoder(@BeanInject("descartesReply") DescartesReplyDataFormat format) {
        return new ReplyEncoder(format);
    }

    @BindToRegistry(value = "eventAckReply", lazy = true)
    public EventAckReply eventAckReply() {
        return new EventAckReply();
    }

    @BindToRegistry(value = "pubFrameEncoder", lazy = true)
    public PubFrameEncoder pubFrameEncoder(@BeanInject("descartesCodec") DescartesCodec codec) {
        return new PubFrameEncoder(codec, Json.MAPPER);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        EventJournal journal = CamelContextHelper.mandatoryLookup(context, "eventJournal", EventJournal.class);
        context.addService(journal, true, true); // stopped after the routes, so in-flight entries commit
        CamelContextHelper.mandatoryLookup(context, "hubMeters", HubMeters.class)
                .gauge("descartes.journal.queue.depth", "frames waiting for the journal writer", journal::queueDepth);
    }
}
