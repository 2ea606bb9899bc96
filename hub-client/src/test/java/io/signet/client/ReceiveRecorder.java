package io.signet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A receiver that records what a transport delivers: the bytes, cut into the JSON records they
 * carry (record separator {@code 0x1E}, left out), and every {@code onClose}.
 */
final class ReceiveRecorder implements ClientTransport.Receiver {
  /** How long any one awaited event may take. */
  static final long WAIT_SECONDS = 10;

  private final StringBuilder partial = new StringBuilder(); // guarded by this
  private final BlockingQueue<String> records = new LinkedBlockingQueue<>();
  private final AtomicInteger closes = new AtomicInteger();
  private final CompletableFuture<Throwable> closed = new CompletableFuture<>();

  @Override
  public synchronized void onReceive(ByteBuffer data) {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    partial.append(new String(bytes, StandardCharsets.UTF_8));
    int end;
    while ((end = partial.indexOf("\u001e")) >= 0) {
      records.add(partial.substring(0, end));
      partial.delete(0, end + 1);
    }
  }

  @Override
  public void onClose(Throwable error) {
    closes.incrementAndGet();
    closed.complete(error);
  }

  /**
   * Waits for the next record that {@code wanted} accepts, dropping the ones before it (pings,
   * for instance).
   */
  String awaitRecord(Predicate<String> wanted) throws InterruptedException {
    while (true) {
      String record = records.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (record == null) {
        return fail("No wanted record within " + WAIT_SECONDS + " s");
      }
      if (wanted.test(record)) {
        return record;
      }
    }
  }

  /** Waits for the next record of message type {@code type} ({@code "type":3}, say). */
  String awaitType(int type) throws InterruptedException {
    return awaitRecord(record -> record.contains("\"type\":" + type));
  }

  /** Waits for {@code onClose}; {@return its error, {@code null} for a clean end} */
  Throwable awaitClose() throws Exception {
    return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** {@return how many times {@code onClose} was called} */
  int closeCount() {
    return closes.get();
  }

  /** Checks that the transport never reported to this receiver. */
  void assertUntouched() {
    assertThat(records).as("records").isEmpty();
    assertThat(closes.get()).as("onClose calls").isZero();
  }
}
