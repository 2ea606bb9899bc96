package io.signet.protocol;

/** How a protocol's bytes travel: as text (UTF-8) or as binary. Names are the wire names. */
public enum TransferFormat {
  /** UTF-8 text: Server-Sent Events, WebSocket text messages, text bodies. */
  Text,
  /** Bytes: WebSocket binary messages, binary bodies. */
  Binary
}
