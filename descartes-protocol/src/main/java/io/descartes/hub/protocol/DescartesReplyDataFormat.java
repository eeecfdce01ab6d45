package io.descartes.hub.protocol;

/**
 * Camel data format {@code descartesReply}: {@code descartesMsgpack} for the replies of a server endpoint, whose
 * marshal never refuses a reply as oversize but sends what fits instead ({@link ReplyFit}), so that every request
 * is answered exactly once. Messages the hub sends on its own (requests to runners, events) keep the plain
 * format, which refuses them.
 */
public class DescartesReplyDataFormat extends DescartesMsgpackDataFormat {

    public static final String REPLY_NAME = "descartesReply";

    private volatile ReplyFit fit = new ReplyFit(codec());

    @Override
    public void setMaxSize(int maxSize) {
        super.setMaxSize(maxSize);
        fit = new ReplyFit(codec());
    }

    @Override
    public String getDataFormatName() {
        return REPLY_NAME;
    }

    @Override
    public byte[] encode(Object graph) {
        return fit.encode(message(graph));
    }
}
