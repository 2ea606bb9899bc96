package io.signet.examples.chat;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import io.signet.hub.HubException;
import io.signet.hub.NonBlocking;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The hub of the SignalR introduction: whatever one client sends, every client receives. */
@HubEndpoint("/chatHub")
public class ChatHub extends Hub {
  /** The longest message the page lets through, and {@code PostMessage} takes. */
  public static final int MAX_MESSAGE_LENGTH = 500;
  /** The longest name. */
  public static final int MAX_NAME_LENGTH = 40;

  /** The ids of hubs made without ids of their own ({@code .hub(ChatHub.class)}). */
  private static final RecentIds SHARED = new RecentIds(10_000);

  private final RecentIds recentIds;

  /** A hub remembering {@code PostMessage} ids with every other one made so. */
  public ChatHub() {
    this(SHARED);
  }

  /** A hub remembering {@code PostMessage} ids in {@code recentIds}, shared by every call. */
  public ChatHub(RecentIds recentIds) {
    this.recentIds = Objects.requireNonNull(recentIds, "recentIds == null");
  }

  /**
   * Broadcasts {@code ReceiveMessage(user, message)} to every connected client. Sending only
   * queues, so the call may run on the thread that read it.
   */
  @NonBlocking
  public void sendMessage(String user, String message) {
    clients().all().send("ReceiveMessage", user, message);
  }

  /**
   * What the example's page sends with: {@code ReceiveMessage(user, message)} to every other
   * client, once per {@code messageId}: a page that did not hear back (its connection dropped
   * mid-call) sends again with the same id, and a message that had arrived is not repeated. The
   * caller shows its own message itself, and takes the call's completion as the confirmation.
   *
   * @throws HubException if the name or message is empty or too long
   */
  @NonBlocking
  public void postMessage(String messageId, String user, String message) {
    check("name", user, MAX_NAME_LENGTH);
    check("message", message, MAX_MESSAGE_LENGTH);
    if (messageId == null || messageId.isEmpty() || messageId.length() > 64) {
      throw new HubException("A message id of 1 to 64 characters is required");
    }
    if (recentIds.firstTime(messageId)) {
      clients().others().send("ReceiveMessage", user, message);
    }
  }

  private static void check(String what, String value, int max) {
    if (value == null || value.isBlank()) {
      throw new HubException("The " + what + " is empty");
    }
    if (value.length() > max) {
      throw new HubException("The " + what + " is longer than " + max + " characters");
    }
  }

  /**
   * The last ids seen, a fixed number of them, so that a message sent again is recognised. Only
   * this server's: a page stays with the server it was loaded from, and sends its retries there.
   * Thread-safe.
   */
  public static final class RecentIds {
    private final Map<String, Boolean> ids;

    /** Remembers the last {@code capacity} ids. */
    public RecentIds(int capacity) {
      this.ids = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > capacity;
        }
      };
    }

    /** Whether {@code id} is new, remembering it. */
    synchronized boolean firstTime(String id) {
      return ids.putIfAbsent(id, Boolean.TRUE) == null;
    }
  }
}
