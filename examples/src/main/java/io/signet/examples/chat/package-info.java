/** The chat example: {@link io.signet.examples.chat.ChatHub} and the application that serves it. */
package io.signet.examples.chat;
