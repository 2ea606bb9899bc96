/**
 * Signet's Java client for SignalR hubs, on Signet or on ASP.NET Core.
 *
 * <p>Start from {@link io.signet.client.HubConnectionBuilder}: it builds a {@link
 * io.signet.client.HubConnection} that negotiates with the server, connects over WebSockets,
 * Server-Sent Events or long polling (falling back in the server's order when one fails),
 * performs the hub handshake, and then lets the application call hub methods ({@code invoke},
 * {@code send}, {@code stream}) and handle the server's calls ({@code on}). Everything that waits
 * returns a {@link java.util.concurrent.CompletionStage}; no method blocks.
 */
package io.signet.client;
