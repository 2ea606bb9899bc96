/**
 * A terminal chat client on Signet's Java client: {@code java -jar signet-chat-client.jar URL
 * NAME} talks to the example chat server's {@code /chatHub} as the browser page does.
 */
package io.signet.examples.chatclient;
