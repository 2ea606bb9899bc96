package io.signet.protocol;

/** How a protocol's bytes travel: as text (UTF-8) or as binary. Names are the wire names. */
public enum TransferFormat {
  Text,
  Binary
}
