/**
 * Signet's hubs measured with Micrometer: {@code Signet.builder().observer(new
 * SignetMetrics(registry))}. See {@link io.signet.micrometer.SignetMetrics} for the meters.
 */
package io.signet.micrometer;
