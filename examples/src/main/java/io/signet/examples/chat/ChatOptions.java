package io.signet.examples.chat;

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
 */
public record ChatOptions(int port, String host, Path dataDirectory, String tokenSecret) {
  /** The port without {@code --port}. */
  public static final int DEFAULT_PORT = 5000;
  /** The data directory without {@code --db}, relative to the working directory. */
  public static final Path DEFAULT_DATA_DIRECTORY = Path.of("signet-chat-db");

  private static final Set<String> FLAGS = Set.of("--port", "--host", "--db", "--token-secret");

  static final String USAGE = """
      Usage: java -jar signet-chat.jar [--port N] [--host ADDRESS] [--db DIR] [--token-secret S]
        --port N            port to listen on (default 5000; 0 for any free port)
        --host ADDRESS      interface to listen on (default: all)
        --db DIR            group chat data directory: H2 database chat.mv.db and, unless
                            --token-secret is given, the generated token-secret file
                            (default ./signet-chat-db)
        --token-secret S    secret that signs sign-in tokens, 32+ characters (default: generated
                            once and kept in the data directory, so tokens survive restarts)""";

  public ChatOptions {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    Objects.requireNonNull(dataDirectory, "dataDirectory == null");
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
      }
    }
    return new ChatOptions(port, host, data, secret);
  }

  private static int parsePort(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port needs a number, not " + value);
    }
  }

  /** Hides the secret: records print every component, and options end up in logs. */
  @Override
  public String toString() {
    return "ChatOptions[port=" + port + ", host=" + host + ", dataDirectory=" + dataDirectory
        + ", tokenSecret=" + (tokenSecret == null ? "none" : "(given)") + "]";
  }
}
