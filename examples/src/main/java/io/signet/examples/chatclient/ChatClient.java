package io.signet.examples.chatclient;

import io.signet.client.HubConnection;
import io.signet.client.HubConnectionBuilder;
import io.signet.client.HubConnectionState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The example chat in a terminal: every line typed is posted to the chat server's {@code
 * /chatHub}, and every message of the others is printed as {@code name: text}. The connection
 * reconnects by itself when the server goes away and comes back, and says so; a line typed
 * meanwhile is posted once it is back, under the id it was first tried with, so that the server
 * shows it once even if the first try did reach it.
 *
 * <pre>java -jar examples/target/signet-chat-client.jar http://localhost:5000/chatHub ana</pre>
 */
public final class ChatClient {
  private static final long START_TIMEOUT_SECONDS = 30;

  /** One line typed, with the id the server knows it by. */
  private record Line(String id, String text) {}

  private final HubConnection connection;
  private final String name;
  private final Consumer<String> out;
  private final Queue<Line> unsent = new ArrayDeque<>(); // guarded by itself

  private ChatClient(HubConnection connection, String name, Consumer<String> out) {
    this.connection = connection;
    this.name = name;
    this.out = out;
    connection.on("ReceiveMessage", (user, text) -> out.accept(user + ": " + text),
        String.class, String.class);
    connection.onReconnecting(error -> out.accept("* connection lost, reconnecting..."));
    connection.onReconnected(id -> {
      out.accept("* reconnected");
      sendUnsent();
    });
    connection.onClosed(error -> out.accept(error == null ? "* disconnected"
        : "* disconnected: " + error.getMessage()));
  }

  /**
   * Runs the client: connects, posts each line of {@code in} until it ends or a line reads
   * {@code /quit}, then disconnects.
   *
   * @param out where the client's output lines go
   * @return the process exit status: 0, or 1 when the server could not be reached
   */
  public static int run(String url, String name, BufferedReader in, Consumer<String> out)
      throws IOException, InterruptedException {
    HubConnection connection = HubConnectionBuilder.create(url).withAutomaticReconnect().build();
    ChatClient client = new ChatClient(connection, name, out);
    try {
      connection.start().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      out.accept("* cannot connect to " + url + ": " + rootMessage(e));
      return 1;
    }
    out.accept("* connected to " + url + " as " + name + "; type a message and press Enter,"
        + " /quit to leave");
    for (String text = in.readLine(); text != null && !text.equals("/quit");
        text = in.readLine()) {
      if (!text.isBlank()) {
        client.post(new Line(UUID.randomUUID().toString(), text));
      }
    }
    try {
      connection.stop().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      out.accept("* disconnecting failed: " + rootMessage(e));
    }
    return 0;
  }

  private void post(Line line) {
    connection.invoke("PostMessage", line.id(), name, line.text()).whenComplete((ok, error) -> {
      if (error == null) {
        return;
      }
      if (connection.state() == HubConnectionState.CONNECTED) {
        out.accept("* not sent: " + rootMessage(error)); // refused, e.g. too long
        return;
      }
      synchronized (unsent) {
        unsent.add(line);
      }
      out.accept("* not sent yet; it goes once the connection is back");
      if (connection.state() == HubConnectionState.CONNECTED) {
        sendUnsent(); // it came back while this call failed
      }
    });
  }

  private void sendUnsent() {
    while (true) {
      Line line;
      synchronized (unsent) {
        line = unsent.poll();
      }
      if (line == null) {
        return;
      }
      post(line);
    }
  }

  private static String rootMessage(Throwable error) {
    while (error.getCause() != null && error.getCause() != error) {
      error = error.getCause();
    }
    return error.getMessage() != null ? error.getMessage() : error.toString();
  }

  /**
   * {@code java -jar signet-chat-client.jar [URL] NAME}; the URL defaults to the chat server's
   * default address.
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: java -jar signet-chat-client.jar [URL] NAME"
          + "   (URL defaults to http://localhost:5000/chatHub)");
      System.exit(2);
    }
    String url = args.length == 2 ? args[0] : "http://localhost:5000/chatHub";
    String name = args[args.length - 1];
    BufferedReader in = new BufferedReader(
        new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.exit(run(url, name, in, System.out::println));
  }
}
