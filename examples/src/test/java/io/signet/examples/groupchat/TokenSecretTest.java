package io.signet.examples.groupchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated secret, which servers sharing a data directory must agree on. */
class TokenSecretTest {
  private static final int SERVERS = 8;

  @TempDir
  Path data;

  @Test
  void serversStartingTogetherOnOneDirectoryGetOneSecret() throws Exception {
    CyclicBarrier together = new CyclicBarrier(SERVERS);
    Callable<TokenSecret> server = () -> {
      together.await(10, TimeUnit.SECONDS);
      return TokenSecret.resolve(null, data);
    };
    ExecutorService pool = Executors.newFixedThreadPool(SERVERS);
    List<TokenSecret> secrets = new ArrayList<>();
    try {
      List<Future<TokenSecret>> futures = new ArrayList<>();
      for (int i = 0; i < SERVERS; i++) {
        futures.add(pool.submit(server));
      }
      for (Future<TokenSecret> future : futures) {
        secrets.add(future.get(10, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }

    Path file = data.resolve(TokenSecret.FILE_NAME);
    byte[] stored = TokenSecret.resolve(null, data).key();
    assertThat(secrets).allSatisfy(secret -> assertThat(secret.key()).isEqualTo(stored));
    assertThat(secrets).filteredOn(secret -> secret.origin().startsWith("generated"))
        .hasSize(1);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var files = Files.list(data)) {
      assertThat(files).as("files left in the directory").containsExactly(file);
    }
  }

  @Test
  void aGivenSecretIsUsedAsIsAndNothingIsStored() throws Exception {
    TokenSecret given = TokenSecret.resolve("a given secret of thirty-two characters", data);

    assertThat(given.origin()).isEqualTo("given with --token-secret");
    try (var files = Files.list(data)) {
      assertThat(files).isEmpty();
    }
  }
}
