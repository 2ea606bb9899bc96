package io.signet.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Helpers for the tests: bounded waits on stages, and hub messages as bytes. */
final class Waiting {
  static final String HANDSHAKE = "{\"protocol\":\"json\",\"version\":1}\u001e";
  static final String ECHO_HI =
      "{\"type\":1,\"invocationId\":\"1\",\"target\":\"Echo\",\"arguments\":[\"hi\"]}\u001e";

  private Waiting() {}

  /** Waits up to 10 s for {@code stage}; its failure is thrown as it is, not wrapped. */
  static <T> T await(CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get(ReceiveRecorder.WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = HttpAccess.unwrap(e);
      if (cause instanceof Exception) {
        throw (Exception) cause;
      }
      throw e;
    }
  }

  /** Waits for {@code stage} to fail; {@return the failure, unwrapped} */
  static Throwable failure(CompletionStage<?> stage) throws Exception {
    try {
      await(stage);
    } catch (Exception e) {
      return e;
    }
    throw new AssertionError("The stage did not fail");
  }

  /** {@return {@code text} as UTF-8} */
  static ByteBuffer utf8(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }
}
