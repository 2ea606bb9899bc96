/**
 * Interop tests: the official SignalR clients against Signet. {@link io.signet.interop.TestHub}
 * and its companions are served by {@link io.signet.interop.InteropServer};
 * {@link io.signet.interop.JsClientInteropTest} runs {@code js/scenarios.mjs} against them, and
 * {@link io.signet.interop.SignetClientInteropTest} runs the same scenarios with Signet's own Java
 * client.
 */
package io.signet.interop;
