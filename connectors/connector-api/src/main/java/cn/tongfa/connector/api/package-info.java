/**
 * The contract between the hub and its channel connectors.
 *
 * <p>The hub publishes {@link cn.tongfa.connector.api.ItemEvent}s on {@link cn.tongfa.connector.api.Topics#ITEMS};
 * every connector consumes them in its own consumer group, delivers the item to its channel through a
 * {@link cn.tongfa.connector.api.ChannelConnector}, and reports each outcome as a
 * {@link cn.tongfa.connector.api.DeliveryEvent} on {@link cn.tongfa.connector.api.Topics#DELIVERIES}. The wire
 * form of both events is JSON, described by the schemas under {@code /schemas/} in this module.
 *
 * <p>This module depends on nothing but the JDK, so a channel module never sees Kafka, Spring or the
 * runtime that hosts it.
 */
package cn.tongfa.connector.api;
