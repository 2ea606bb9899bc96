/**
 * Scale-out over Redis: {@link io.signet.redis.RedisScaleOut} makes many Signet processes serve
 * the same hubs as one, with no sticky sessions, cluster-wide presence, and local service while
 * Redis is unreachable.
 */
package io.signet.redis;
