package io.descartes.hub.protocol;

/** What a {@code bus_subscription} changes: a topic's subscribers or a channel's members. */
public enum BusMembershipAction implements WireEnum {
    SUBSCRIBE, UNSUBSCRIBE, JOIN, LEAVE;

    private final String wire = WireEnums.spell(this);

    @Override
    public String wire() {
        return wire;
    }

    /** True for the actions on channels (join, leave), false for those on topics. */
    public boolean onChannel() {
        return this == JOIN || this == LEAVE;
    }

    /** True for subscribe and join. */
    public boolean adds() {
        return this == SUBSCRIBE || this == JOIN;
    }
}
