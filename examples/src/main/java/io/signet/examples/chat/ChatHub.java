package io.signet.examples.chat;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;

/** The hub of the SignalR introduction: whatever one client sends, every client receives. */
@HubEndpoint("/chatHub")
public class ChatHub extends Hub {

  /** Broadcasts {@code ReceiveMessage(user, message)} to every connected client. */
  public void sendMessage(String user, String message) {
    clients().all().send("ReceiveMessage", user, message);
  }
}
