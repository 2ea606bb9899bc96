/**
 * Implementation of the Redis scale-out: the Lettuce connections and their outages
 * ({@code RedisLink}), the backplane messages ({@code Envelope}), channel subscriptions, the
 * per-hub lifetime manager, presence and the connection directory.
 */
package io.signet.redis.internal;
