package io.signet.examples.chat;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import io.signet.hub.NonBlocking;

/** The hub of the SignalR introduction: whatever one client sends, every client receives. */
@HubEndpoint("/chatHub")
public class ChatHub extends Hub {

  /**
   * Broadcasts {@code ReceiveMessage(user, message)} to every connected client. Sending only
   * queues, so the call may run on the thread that read it.
   */
  @NonBlocking
  public void sendMessage(String user, String message) {
    clients().all().send("ReceiveMessage", user, message);
  }
}
