package io.signet.bench.suite;

import io.signet.bench.client.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The servers a user would pick instead of Signet, as Node scripts in {@code benchmarks/peers}
 * with their packages from its lockfile: a minimal SignalR server on {@code ws}, and Socket.IO 4.
 * {@link ServerProcess#startNode} starts one; clients speaking {@link #protocol()} over
 * WebSockets drive it.
 */
enum NodePeer {
  /** SignalR's JSON protocol over WebSockets on the {@code ws} package. */
  SIGNALR_WS("signalr-ws.mjs", Protocol.JSON, "SignalR on ws"),
  /** Socket.IO 4, WebSocket transport only. */
  SOCKET_IO("socketio.mjs", Protocol.SOCKET_IO, "Socket.IO");

  /** Where the peers are from the repository root, and from the module's (as Surefire runs). */
  private static final List<Path> LOCATIONS =
      List.of(Path.of("benchmarks", "peers"), Path.of("peers"));

  private final String script;
  private final Protocol protocol;
  private final String label;

  NodePeer(String script, Protocol protocol, String label) {
    this.script = script;
    this.protocol = protocol;
    this.label = label;
  }

  /** The script's file name in {@link #directory()}. */
  String script() {
    return script;
  }

  /** What its clients speak. */
  Protocol protocol() {
    return protocol;
  }

  /** Its name in the report. */
  String label() {
    return label;
  }

  /**
   * The peers' directory, from the repository root or the benchmarks module.
   *
   * @throws IllegalStateException when it is not there, or its packages are not installed
   */
  static Path directory() {
    Path found = LOCATIONS.stream()
        .filter(path -> Files.isRegularFile(path.resolve("package.json")))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("The Node peers (benchmarks/peers) are not "
            + "found from " + Path.of("").toAbsolutePath()));
    if (!Files.isDirectory(found.resolve("node_modules"))) {
      throw new IllegalStateException("The Node peers' packages are not installed: run npm ci in "
          + "benchmarks/peers (" + found.toAbsolutePath() + ")");
    }
    return found.toAbsolutePath();
  }
}
