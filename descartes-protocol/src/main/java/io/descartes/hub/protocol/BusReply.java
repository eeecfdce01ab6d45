package io.descartes.hub.protocol;

/**
 * Hub extension {@code bus_reply} (hub → peer): the one answer to each {@code bus_message}, {@code bus_attach} and
 * {@code bus_subscription}. {@code ref} is what it answers: the message's id, or the address.
 *
 * @param storedId  the event id the message is stored under (the first one's, for a duplicate); null when nothing
 *                  was stored (attach, subscription, ack, refusal)
 * @param duplicate the message had been stored before (same sender and id): it was not stored or delivered again
 * @param code      on failure: {@code invalid_field}, {@code forbidden}, {@code no_recipient}, {@code unknown_request},
 *                  {@code unavailable}
 */
public record BusReply(String ref, boolean ok, Long storedId, boolean duplicate, String code, String error)
        implements ZmqMessage {

    public static BusReply stored(String ref, long storedId, boolean duplicate) {
        return new BusReply(ref, true, storedId, duplicate, null, null);
    }

    public static BusReply done(String ref) {
        return new BusReply(ref, true, null, false, null, null);
    }

    public static BusReply refused(String ref, String code, String error) {
        return new BusReply(ref, false, null, false, code, error);
    }

    @Override
    public String naturalKey() {
        return type() + "/" + ref;
    }

    @Override
    public MessageType messageType() {
        return MessageType.BUS_REPLY;
    }
}
