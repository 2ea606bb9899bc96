package io.signet.client;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transport's hold on its {@link ClientTransport.Receiver}: passes chunks on until the end,
 * passes exactly one {@link #onClose} however many paths reach it (the server ending the stream,
 * an I/O error, {@link ClientTransport#stop()}), and keeps an exception thrown by the receiver
 * from unwinding into the transport's I/O thread.
 */
final class GuardedReceiver implements ClientTransport.Receiver {
  private static final Logger log = LoggerFactory.getLogger(GuardedReceiver.class);

  private final ClientTransport.Receiver receiver;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Guards {@code receiver}. */
  GuardedReceiver(ClientTransport.Receiver receiver) {
    this.receiver = Objects.requireNonNull(receiver, "receiver == null");
  }

  /** Passes {@code data} on, unless the transport already ended. */
  @Override
  public void onReceive(ByteBuffer data) {
    if (closed.get()) {
      return;
    }
    try {
      receiver.onReceive(data);
    } catch (RuntimeException e) {
      log.error("The receiver failed on received data", e);
    }
  }

  /** Passes the end on the first time only; later calls do nothing. */
  @Override
  public void onClose(Throwable error) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      receiver.onClose(error);
    } catch (RuntimeException e) {
      log.error("The receiver failed on the transport's end", e);
    }
  }
}
