package io.descartes.hub.quota;

import io.descartes.hub.metrics.HubMeters;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.support.CamelContextHelper;

/**
 * The ingest quotas of the command endpoint ({@code commandQuota}) and of the runner link ({@code runnerQuota}),
 * from hub.zmq.quota.* (application.properties, README "Ingest quotas").
 */
public class QuotaConfiguration implements CamelConfiguration {

    @PropertyInject("hub.zmq.quota.burst-seconds")
    private long burstSeconds;
    @PropertyInject("hub.protocol.max-message-size")
    private int maxMessageSize;
    @PropertyInject("hub.dead-letters.max-raw-bytes")
    private int deadLetterBytes;

    @BindToRegistry(value = "commandQuota", lazy = true)
    public IngestQuota commandQuota(@BeanInject("hubMeters") HubMeters meters,
            @PropertyInject("hub.zmq.quota.command.frames-per-second") long frames,
            @PropertyInject("hub.zmq.quota.command.bytes-per-second") long bytes,
            @PropertyInject("hub.zmq.quota.command.unauthenticated-frames-per-second") long unauthenticatedFrames,
            @PropertyInject("hub.zmq.quota.command.unauthenticated-bytes-per-second") long unauthenticatedBytes) {
        return quota("command", meters, frames, bytes, unauthenticatedFrames, unauthenticatedBytes);
    }

    @BindToRegistry(value = "runnerQuota", lazy = true)
    public IngestQuota runnerQuota(@BeanInject("hubMeters") HubMeters meters,
            @PropertyInject("hub.zmq.quota.runner.frames-per-second") long frames,
            @PropertyInject("hub.zmq.quota.runner.bytes-per-second") long bytes,
            @PropertyInject("hub.zmq.quota.runner.unauthenticated-frames-per-second") long unauthenticatedFrames,
            @PropertyInject("hub.zmq.quota.runner.unauthenticated-bytes-per-second") long unauthenticatedBytes) {
        return quota("runner", meters, frames, bytes, unauthenticatedFrames, unauthenticatedBytes);
    }

    /** Made now, so limits that could never pass a frame at the size limit stop the start naming the settings. */
    @Override
    public void configure(CamelContext context) {
        CamelContextHelper.mandatoryLookup(context, "commandQuota", IngestQuota.class);
        CamelContextHelper.mandatoryLookup(context, "runnerQuota", IngestQuota.class);
    }

    private IngestQuota quota(String endpoint, HubMeters meters, long frames, long bytes, long unauthenticatedFrames,
            long unauthenticatedBytes) {
        try {
            return new IngestQuota(endpoint, new Limits(frames, bytes, burstSeconds),
                    new Limits(unauthenticatedFrames, unauthenticatedBytes, burstSeconds),
                    maxMessageSize, deadLetterBytes, meters, System::nanoTime);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("hub.zmq.quota." + endpoint + ".* / hub.zmq.quota.burst-seconds: "
                    + e.getMessage(), e);
        }
    }
}
