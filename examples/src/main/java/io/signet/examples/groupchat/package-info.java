/**
 * The group chat app of the SignalR walkthrough, on Signet: sign-in issuing JWTs, groups, message
 * history in an embedded H2 database, and {@link io.signet.examples.groupchat.GroupChatHub}, to
 * which the REST send endpoint pushes each saved message through the hub context.
 *
 * <p>{@link io.signet.examples.groupchat.GroupChat} wires it into a {@code Signet} and a
 * {@code SignetServer}; the browser page is {@code web/groupchat/}.
 */
package io.signet.examples.groupchat;
