package io.signet.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The client never depends on server code: no class of {@code io.signet.client} names a class of
 * Signet's server packages, so that an application using the client alone needs none of them.
 * Read from the compiled classes' constant pools, where every class a class uses is named.
 */
class ClientDependenciesTest {
  private static final List<String> SERVER_PACKAGES = List.of("io/signet/server/",
      "io/signet/hub/", "io/signet/connection/", "io/signet/jetty/", "io/signet/transport/");

  @Test
  void noClientClassNamesAServerClass() throws IOException, URISyntaxException {
    Path classes = Path.of(HubConnection.class.getProtectionDomain().getCodeSource()
        .getLocation().toURI());
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes.resolve("io/signet/client"))) {
      files = walk.filter(file -> file.toString().endsWith(".class")).toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      String constants;
      try (InputStream in = Files.newInputStream(file)) {
        constants = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
      }
      for (String server : SERVER_PACKAGES) {
        assertThat(constants).as("%s names a class of %s", file.getFileName(), server)
            .doesNotContain(server);
      }
    }
  }
}
