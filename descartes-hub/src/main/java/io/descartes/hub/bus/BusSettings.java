package io.descartes.hub.bus;

/**
 * The bus's settings ({@code hub.bus.*} in application.properties).
 *
 * @param ackTimeoutMillis     a message that requires an ack is delivered again this long after an unacked attempt
 * @param maxAttempts          deliveries of such a message before it is dead-lettered
 * @param requestTimeoutMillis a request unanswered this long gets the hub's error
 * @param deliveryBatch        deliveries per recipient per dispatcher round
 * @param defaultPriority      the priority of an HTTP message that gives none
 */
public record BusSettings(long ackTimeoutMillis, int maxAttempts, long requestTimeoutMillis, int deliveryBatch,
                          int defaultPriority) {

    public BusSettings {
        if (ackTimeoutMillis < 1 || maxAttempts < 1 || requestTimeoutMillis < 1 || deliveryBatch < 1
                || defaultPriority < 0 || defaultPriority > 100) {
            throw new IllegalStateException("hub.bus.*: timeouts, max-attempts and delivery-batch must be >= 1, "
                    + "default-priority 0 to 100");
        }
    }
}
