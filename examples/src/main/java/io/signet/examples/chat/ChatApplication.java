package io.signet.examples.chat;

import io.signet.examples.groupchat.GroupChat;
import io.signet.jetty.SignetServer;
import io.signet.redis.RedisScaleOut;
import io.signet.server.Signet;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * Runs the chat examples on one server:
 * {@code java -jar examples/target/signet-chat.jar [--port N] [--db DIR] [--token-secret S]
 * [--redis URI]} (see {@link ChatOptions}).
 *
 * <ul>
 *   <li>{@code /}: the SignalR introduction's chat, {@link ChatHub} at {@code /chatHub};
 *   <li>{@code /groupchat/}: the walkthrough's group chat app: sign-in, groups, history and live
 *       messages, {@code GroupChatHub} at {@code /hubs/groupchat} and the REST API at
 *       {@code /api}.
 * </ul>
 *
 * <p>With {@code --redis}, servers that use the same Redis and the same data directory are one
 * chat: both hubs go through {@link RedisScaleOut}, so a message sent to any server reaches the
 * clients of every one, and they share the group chat's database (see
 * {@link GroupChat#open(java.nio.file.Path, String, boolean)}).
 *
 * <p>The pages and their files come from {@link StaticFiles}, gzipped and with cache headers.
 * Every response carries the {@link SecurityHeaders}; sign-in attempts are throttled per
 * address and name; the server's own defences against slow and flooding clients are
 * {@code SignetServer}'s (see {@code SECURITY.md}).
 *
 * <p>{@link #start} runs the same in-process, as the end-to-end tests do.
 */
public final class ChatApplication implements AutoCloseable {
  private final GroupChat groupChat;
  private final RedisScaleOut scaleOut; // null when serving alone
  private final SignetServer server;

  private ChatApplication(GroupChat groupChat, RedisScaleOut scaleOut, SignetServer server) {
    this.groupChat = groupChat;
    this.scaleOut = scaleOut;
    this.server = server;
  }

  /**
   * Opens the group chat's data directory, connects to Redis if asked to, and starts the server.
   *
   * @throws IllegalStateException if the database cannot be opened, Redis cannot be reached or
   *     the port is taken
   * @throws IllegalArgumentException if the token secret is too short
   */
  public static ChatApplication start(ChatOptions options) {
    boolean cluster = options.redisUri() != null;
    GroupChat groupChat = GroupChat.open(options.dataDirectory(), options.tokenSecret(), cluster);
    RedisScaleOut scaleOut = null;
    Signet signet = null;
    try {
      ChatHub.RecentIds recentIds = new ChatHub.RecentIds(10_000);
      Signet.Builder builder = groupChat.register(
          Signet.builder().hub(ChatHub.class, () -> new ChatHub(recentIds)));
      if (cluster) {
        // Under the database's id: servers with data directories of their own number their
        // groups alike, and must not receive each other's messages.
        scaleOut = connect(options.redisUri(), groupChat.databaseId());
        builder.scaleOut(scaleOut);
      }
      signet = builder.build();
      SignetServer.Builder server = SignetServer.builder()
          .host(options.host())
          .port(options.port())
          .signet(signet)
          .servlet("/", new StaticFiles("web"))
          .filter("/*", new SecurityHeaders());
      return new ChatApplication(groupChat, scaleOut, groupChat.addApi(server, signet).start());
    } catch (RuntimeException e) {
      if (signet != null) {
        signet.close(); // a server that failed to start has not closed it; it closes scaleOut
      } else if (scaleOut != null) {
        scaleOut.close();
      }
      groupChat.close();
      throw e;
    }
  }

  private static RedisScaleOut connect(String redisUri, String databaseId) {
    try {
      return RedisScaleOut.builder(redisUri).prefix("signet-chat-" + databaseId).build();
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + "; is Redis running there?", e);
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

  /**
   * This server's id among those joined through Redis, or {@code null} when it serves alone.
   */
  public String nodeId() {
    return scaleOut == null ? null : scaleOut.nodeId();
  }

  /**
   * Stops the server (closing every hub connection and leaving the Redis cluster), then closes
   * the database. Idempotent.
   */
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
      // A taken port, a locked database, a bad secret, no Redis: the message says it all, and
      // the cause is added only when it tells more.
      Throwable cause = e.getCause();
      boolean told = cause == null || e instanceof UncheckedIOException
          || (cause.getMessage() != null && e.getMessage().contains(cause.getMessage()));
      System.err.println("Cannot start: " + e.getMessage() + (told ? "" : " (" + cause + ")"));
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
        + (options.redisUri() == null ? "" : "  cluster:      node " + app.nodeId()
            + ", with the servers using Redis at " + ChatOptions.redacted(options.redisUri())
            + " and this database\n")
        + (options.redisUri() == null
            ? "Open a URL in two browser tabs (each tab of the group chat signs in on its own)."
            : "Open a URL of this server in one tab and of another server in another: they are"
                + " one chat (each tab of the group chat signs in on its own)."));
    app.join();
  }
}
