/**
 * The chat example of the SignalR introduction, {@link io.signet.examples.chat.ChatHub}, and
 * {@link io.signet.examples.chat.ChatApplication}, which serves it together with the group chat
 * app of {@code io.signet.examples.groupchat}.
 */
package io.signet.examples.chat;
