/**
 * Signet's hub calls traced with OpenTelemetry: {@code Signet.builder().observer(new
 * SignetTracing(openTelemetry))}. See {@link io.signet.opentelemetry.SignetTracing}.
 */
package io.signet.opentelemetry;
