package io.signet.examples.chat;

import io.signet.jetty.SignetServer;
import io.signet.server.Signet;

/**
 * Runs the chat example: {@code java -jar examples/target/signet-chat.jar [--port N]}, then open
 * the printed URL in two browser tabs.
 */
public final class ChatApplication {
  private ChatApplication() {}

  public static void main(String[] args) throws InterruptedException {
    int port = 5000;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port") && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--help")) {
        System.out.println("Usage: java -jar signet-chat.jar [--port N]   (default port 5000)");
        return;
      } else {
        System.err.println("Unknown argument: " + args[i] + " (try --help)");
        System.exit(2);
      }
    }
    Signet signet = Signet.builder().hub(ChatHub.class).build();
    SignetServer server = SignetServer.builder().port(port).signet(signet).staticResources("web").start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "signet-shutdown"));
    System.out.println("Signet chat is running: open " + server.uri() + " in two browser tabs");
    server.join();
  }
}
