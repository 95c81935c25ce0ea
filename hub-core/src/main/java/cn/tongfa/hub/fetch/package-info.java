/**
 * Outbound fetches that user content can steer (today: external images in an item's body), through one
 * guarded client: public addresses only, every redirect hop checked again, size and time caps, and errors that
 * say nothing of what the far side answered. See {@link cn.tongfa.hub.fetch.GuardedFetcher}.
 */
package cn.tongfa.hub.fetch;
