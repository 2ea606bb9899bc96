package io.signet.examples.chat;

import io.signet.examples.groupchat.GroupChat;
import io.signet.jetty.SignetServer;
import io.signet.server.Signet;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * Runs the chat examples on one server:
 * {@code java -jar examples/target/signet-chat.jar [--port N] [--db DIR] [--token-secret S]}
 * (see {@link ChatOptions}).
 *
 * <ul>
 *   <li>{@code /}: the SignalR introduction's chat, {@link ChatHub} at {@code /chatHub};
 *   <li>{@code /groupchat/}: the walkthrough's group chat app: sign-in, groups, history and live
 *       messages, {@code GroupChatHub} at {@code /hubs/groupchat} and the REST API at
 *       {@code /api}.
 * </ul>
 *
 * <p>{@link #start} runs the same in-process, as the end-to-end tests do.
 */
public final class ChatApplication implements AutoCloseable {
  private final GroupChat groupChat;
  private final SignetServer server;

  private ChatApplication(GroupChat groupChat, SignetServer server) {
    this.groupChat = groupChat;
    this.server = server;
  }

  /**
   * Opens the group chat's data directory and starts the server.
   *
   * @throws IllegalStateException if the database cannot be opened or the port is taken
   * @throws IllegalArgumentException if the token secret is too short
   */
  public static ChatApplication start(ChatOptions options) {
    GroupChat groupChat = GroupChat.open(options.dataDirectory(), options.tokenSecret());
    Signet signet = null;
    try {
      signet = groupChat.register(Signet.builder().hub(ChatHub.class)).build();
      SignetServer.Builder server = SignetServer.builder()
          .host(options.host())
          .port(options.port())
          .signet(signet)
          .staticResources("web");
      return new ChatApplication(groupChat, groupChat.addApi(server, signet).start());
    } catch (RuntimeException e) {
      if (signet != null) {
        signet.close(); // a server that failed to start has not closed it
      }
      groupChat.close();
      throw e;
    }
  }

  /** The port the server listens on (the real one when started with port 0). */
  public int port() {
    return server.port();
  }

  /** {@code http://host:port/}: the simple chat; the group chat is at {@code groupchat/}. */
  public URI uri() {
    return server.uri();
  }

  /** The group chat's back end, for its database file and token secret origin. */
  public GroupChat groupChat() {
    return groupChat;
  }

  /** Stops the server (closing every hub connection), then closes the database. Idempotent. */
  @Override
  public void close() {
    try {
      server.close();
    } finally {
      groupChat.close();
    }
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  public static void main(String[] args) throws InterruptedException {
    ChatOptions options;
    try {
      options = ChatOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\n" + ChatOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options == null) {
      System.out.println(ChatOptions.USAGE);
      return;
    }
    ChatApplication app;
    try {
      app = start(options);
    } catch (IllegalStateException | IllegalArgumentException | UncheckedIOException e) {
      // A taken port, a locked database, a bad secret: the message says it all.
      Throwable cause = e.getCause();
      System.err.println("Cannot start: " + e.getMessage()
          + (cause == null || e instanceof UncheckedIOException ? "" : " (" + cause + ")"));
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "signet-shutdown"));
    URI uri = app.uri();
    System.out.println("Signet chat is running (Ctrl+C stops it):\n"
        + "  chat, the SignalR introduction:  " + uri + "\n"
        + "  group chat, the walkthrough app: " + uri.resolve("groupchat/") + "\n"
        + "  database:     " + app.groupChat().databaseFile() + "\n"
        + "  token secret: " + app.groupChat().tokenSecretOrigin() + "\n"
        + "Open a URL in two browser tabs (each tab of the group chat signs in on its own).");
    app.join();
  }
}
