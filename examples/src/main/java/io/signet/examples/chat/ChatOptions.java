package io.signet.examples.chat;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * The command line of {@code signet-chat.jar}.
 *
 * @param port the port to listen on, 0 for any free one
 * @param host the interface to listen on, {@code null} for all
 * @param dataDirectory the group chat's directory: its H2 database and generated token secret
 * @param tokenSecret the secret group chat tokens are signed with, or {@code null} to use the one
 *     kept in {@code dataDirectory}
 * @param redisUri the Redis that joins this server to the others using it and the same data
 *     directory ({@code redis://host:port}, {@code rediss://…} or {@code redis-sentinel://…}), or
 *     {@code null} to serve alone
 */
public record ChatOptions(int port, String host, Path dataDirectory, String tokenSecret,
    String redisUri) {
  /** The port without {@code --port}. */
  public static final int DEFAULT_PORT = 5000;
  /** The data directory without {@code --db}, relative to the working directory. */
  public static final Path DEFAULT_DATA_DIRECTORY = Path.of("signet-chat-db");

  private static final Set<String> FLAGS =
      Set.of("--port", "--host", "--db", "--token-secret", "--redis");
  /** The URI schemes Lettuce, under {@code RedisScaleOut}, connects with. */
  private static final Set<String> REDIS_SCHEMES = Set.of("redis", "rediss", "redis-sentinel");

  static final String USAGE = """
      Usage: java -jar signet-chat.jar [--port N] [--host ADDRESS] [--db DIR] [--token-secret S]
                                       [--redis URI]
        --port N            port to listen on (default 5000; 0 for any free port)
        --host ADDRESS      interface to listen on (default: all)
        --db DIR            group chat data directory: H2 database chat.mv.db and, unless
                            --token-secret is given, the generated token-secret file
                            (default ./signet-chat-db)
        --token-secret S    secret that signs sign-in tokens, 32+ characters (default: generated
                            once and kept in the data directory, so tokens survive restarts)
        --redis URI         join the other servers using this Redis and the same --db as one
                            chat, e.g. redis://127.0.0.1:6379 (default: serve alone)""";

  /**
   * Checks the options.
   *
   * @throws IllegalArgumentException if the port is out of range or {@code redisUri} is not a
   *     Redis URI
   */
  public ChatOptions {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    Objects.requireNonNull(dataDirectory, "dataDirectory == null");
    if (redisUri != null) {
      checkRedisUri(redisUri);
    }
  }

  /** Options of a server that serves alone, without Redis. */
  public ChatOptions(int port, String host, Path dataDirectory, String tokenSecret) {
    this(port, host, dataDirectory, tokenSecret, null);
  }

  /**
   * The options of a command line.
   *
   * @return the options, or {@code null} when {@code --help} was asked for
   * @throws IllegalArgumentException naming the argument that is unknown, misses its value or has
   *     a bad one
   */
  public static ChatOptions parse(String... args) {
    int port = DEFAULT_PORT;
    String host = null;
    Path data = DEFAULT_DATA_DIRECTORY;
    String secret = null;
    String redis = null;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h")) {
        return null;
      }
      if (!FLAGS.contains(flag)) {
        throw new IllegalArgumentException("Unknown argument: " + flag);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      String value = args[++i];
      switch (flag) {
        case "--port" -> port = parsePort(value);
        case "--host" -> host = value;
        case "--db" -> data = Path.of(value);
        case "--token-secret" -> secret = value;
        case "--redis" -> redis = value;
      }
    }
    return new ChatOptions(port, host, data, secret, redis);
  }

  /**
   * Catches a mistyped URI here, with the flag named, rather than as Lettuce's parse error or a
   * connection failure at startup. Whether Redis answers is checked when the server starts.
   */
  private static void checkRedisUri(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw badRedisUri(value);
    }
    if (uri.getScheme() == null || !REDIS_SCHEMES.contains(uri.getScheme())
        || uri.getRawAuthority() == null) {
      throw badRedisUri(value);
    }
  }

  private static IllegalArgumentException badRedisUri(String value) {
    // "host:port" is the likeliest slip: say what was probably meant.
    String hint = value.contains("://") ? "" : "; did you mean redis://" + redacted(value) + "?";
    return new IllegalArgumentException("--redis needs a Redis URI such as"
        + " redis://127.0.0.1:6379 (or rediss://, redis-sentinel://), not " + redacted(value)
        + hint);
  }

  /**
   * {@code uri} without its password, for messages and logs: {@code redis://:secret@host} is a
   * valid Redis URI.
   */
  static String redacted(String uri) {
    int at = uri.lastIndexOf('@');
    int scheme = uri.indexOf("://");
    return at < 0 || scheme < 0 || at < scheme ? uri
        : uri.substring(0, scheme + 3) + "***@" + uri.substring(at + 1);
  }

  private static int parsePort(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port needs a number, not " + value);
    }
  }

  /**
   * Hides the secret and the Redis password: records print every component, and options end up
   * in logs.
   */
  @Override
  public String toString() {
    return "ChatOptions[port=" + port + ", host=" + host + ", dataDirectory=" + dataDirectory
        + ", tokenSecret=" + (tokenSecret == null ? "none" : "(given)")
        + ", redisUri=" + (redisUri == null ? "none" : redacted(redisUri)) + "]";
  }
}
