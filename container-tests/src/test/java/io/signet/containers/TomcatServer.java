package io.signet.containers;

import io.signet.server.Signet;
import java.util.concurrent.CountDownLatch;

/**
 * An application embedding Tomcat 11 with Signet, as its {@code main} would run, for
 * {@link ProcessExitTest}: it stops on SIGTERM through a shutdown hook, closing Signet first (so
 * the {@code Close} messages still reach clients) and then Tomcat. Prints
 * {@code listening on <hub URL>} once it serves.
 */
final class TomcatServer {
  private TomcatServer() {}

  public static void main(String[] args) throws Exception {
    Signet signet = Host.signetBuilder().build();
    Host host = EmbeddedTomcat.start(new ResponseLog(), true,
        context -> context.addServletContainerInitializer(
            (classes, servletContext) -> signet.install(servletContext), null),
        context -> signet, false);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        host.shutdown();
      } catch (Exception e) {
        e.printStackTrace();
      }
    }, "shutdown"));
    System.out.println("listening on " + host.hubUrl());
    // Tomcat's threads are daemons: the application's main thread keeps the process up, as
    // Tomcat.getServer().await() would, until SIGTERM runs the hook and the JVM exits.
    new CountDownLatch(1).await();
  }
}
