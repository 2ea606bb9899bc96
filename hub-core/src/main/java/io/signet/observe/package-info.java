/**
 * What Signet reports about its hubs as they serve, for metrics and tracing: a
 * {@link io.signet.observe.SignetObserver} given to {@code Signet.builder().observer(...)} gets one
 * {@link io.signet.observe.HubObserver} per hub, which learns of connections, calls, messages and
 * HTTP requests. Signet's own {@code hub-micrometer} and {@code hub-opentelemetry} modules
 * implement it; without an observer nothing is counted.
 */
package io.signet.observe;
