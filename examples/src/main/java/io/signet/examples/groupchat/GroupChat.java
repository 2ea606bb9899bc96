package io.signet.examples.groupchat;

import io.signet.jetty.SignetServer;
import io.signet.server.Signet;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * The group chat's back end, opened on a data directory: the H2 database, the accounts, groups and
 * messages in it, and the token service. It puts {@link GroupChatHub} and the token authenticator
 * on a {@link Signet} and the REST API on a {@link SignetServer}:
 *
 * <pre>{@code
 * GroupChat chat = GroupChat.open(Path.of("signet-chat-db"), null);
 * Signet signet = chat.register(Signet.builder()).build();
 * SignetServer server = chat.addApi(SignetServer.builder().signet(signet), signet).start();
 * }</pre>
 *
 * <p>Thread-safe once open. Close it after the server: closing closes the database.
 */
public final class GroupChat implements AutoCloseable {
  private final ChatDatabase database;
  private final TokenSecret secret;
  private final TokenService tokens;
  private final AccountStore accounts;
  private final GroupStore groups;
  private final MessageStore messages;
  private final SignInThrottle signInThrottle;

  private GroupChat(ChatDatabase database, TokenSecret secret, Clock clock) {
    this.database = database;
    this.secret = secret;
    this.tokens = new TokenService(secret.key(), clock);
    this.accounts = new AccountStore(database,
        new PasswordHasher(PasswordHasher.DEFAULT_ITERATIONS), clock);
    this.groups = new GroupStore(database, clock);
    this.messages = new MessageStore(database, clock);
    this.signInThrottle = new SignInThrottle(clock);
  }

  /**
   * Opens the database in {@code dataDirectory} (creating both when missing), locked to this
   * process, and the token secret.
   *
   * @param tokenSecret the secret tokens are signed with, at least 32 characters; {@code null}
   *     to use the one kept in {@code dataDirectory}, generated on first use
   * @throws IllegalArgumentException if {@code tokenSecret} is too short
   * @throws IllegalStateException if the database cannot be opened (for example, another process
   *     has it open)
   */
  public static GroupChat open(Path dataDirectory, String tokenSecret) {
    return open(dataDirectory, tokenSecret, false);
  }

  /**
   * Opens the database in {@code dataDirectory} (creating both when missing) and the token secret.
   *
   * @param tokenSecret the secret tokens are signed with, at least 32 characters; {@code null}
   *     to use the one kept in {@code dataDirectory}, generated on first use
   * @param shared whether other processes on this machine may open the same directory meanwhile,
   *     as the servers of one chat joined through Redis do: accounts, groups, history and the
   *     generated token secret are then one for all of them
   * @throws IllegalArgumentException if {@code tokenSecret} is too short
   * @throws IllegalStateException if the database cannot be opened (for example, another process
   *     has it open alone)
   */
  public static GroupChat open(Path dataDirectory, String tokenSecret, boolean shared) {
    Objects.requireNonNull(dataDirectory, "dataDirectory == null");
    // The database first: alone, its lock keeps a second process off the same directory.
    ChatDatabase database = ChatDatabase.open(dataDirectory, shared);
    try {
      return new GroupChat(database, TokenSecret.resolve(tokenSecret, dataDirectory),
          Clock.systemUTC());
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /**
   * Registers {@link GroupChatHub} at {@code /hubs/groupchat} and an authenticator that accepts
   * this app's tokens. The authenticator serves every hub of {@code builder}; hubs without
   * {@code @Authorize} still take anonymous users.
   */
  public Signet.Builder register(Signet.Builder builder) {
    return builder
        .hub(GroupChatHub.class, () -> new GroupChatHub(groups))
        .authenticator((bearerToken, request) -> tokens.verify(bearerToken));
  }

  /**
   * Adds the REST API ({@code /api/signin}, {@code /api/signup}, {@code /api/groups/*}) to
   * {@code server}.
   *
   * @param signet the {@link Signet} built from {@link #register}, whose hub context the send
   *     endpoint pushes messages through
   */
  public SignetServer.Builder addApi(SignetServer.Builder server, Signet signet) {
    return server
        .servlet("/api/signin", new SignInServlet(accounts, tokens, signInThrottle))
        .servlet("/api/signup", new SignInServlet(accounts, tokens, signInThrottle, true))
        .servlet("/api/groups/*", new GroupsServlet(tokens, groups, messages,
            signet.hubContext(GroupChatHub.class)));
  }

  /** The database file, for the startup message. */
  public Path databaseFile() {
    return database.file();
  }

  /**
   * The random id of the database, the same for every server sharing it: servers joined through
   * Redis keep their keys under it, so that only servers of the same chat meet.
   */
  public String databaseId() {
    return database.instanceId();
  }

  /** Whether other processes may share the database (see {@link #open(Path, String, boolean)}). */
  public boolean sharedDatabase() {
    return database.shared();
  }

  /** Where the token secret came from, for the startup message; never the secret itself. */
  public String tokenSecretOrigin() {
    return secret.origin();
  }

  /** Closes the database. */
  @Override
  public void close() {
    database.close();
  }
}
