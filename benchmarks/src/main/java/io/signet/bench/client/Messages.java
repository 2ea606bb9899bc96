package io.signet.bench.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The SignalR JSON the generator writes and the little it reads back. Writing is plain ASCII
 * assembly; reading scans bytes instead of parsing JSON, so that the generator stays cheap.
 *
 * <p>Every payload the generator sends is a string {@code "T<micros>|xxxx"}: its scheduled send
 * time in microseconds of {@link #nowMicros()}, then padding. Servers echo or forward it as it
 * is, so whatever comes back carries its own send time, and the latency is measured from the
 * time the message was due (no coordinated omission), not from when it actually went out.
 */
public final class Messages {
  /** The record separator that ends every JSON hub message. */
  public static final byte RS = 0x1E;
  /** The JSON handshake request, version 1, as the official clients send it. */
  static final byte[] HANDSHAKE =
      "{\"protocol\":\"json\",\"version\":1}\u001e".getBytes(StandardCharsets.US_ASCII);

  /** Message types, as in the protocol. */
  public static final int INVOCATION = 1;
  public static final int COMPLETION = 3;
  public static final int PING = 6;
  public static final int CLOSE = 7;

  private static final long BASE_NANOS = System.nanoTime();

  private Messages() {}

  /** Microseconds since this class loaded, for timestamps in payloads. */
  public static long nowMicros() {
    return toMicros(System.nanoTime());
  }

  /** {@code nanoTime} as microseconds of the payload clock. */
  public static long toMicros(long nanoTime) {
    return (nanoTime - BASE_NANOS) / 1000;
  }

  /** A blocking call of {@code Echo(payload)}; the completion carries the payload back. */
  public static byte[] echo(long invocationId, long stampMicros, int padding) {
    return new StringBuilder(96 + padding)
        .append("{\"type\":1,\"invocationId\":\"").append(invocationId)
        .append("\",\"target\":\"Echo\",\"arguments\":[").append(payload(stampMicros, padding))
        .append("]}\u001e").toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** A non-blocking call of {@code Broadcast(payload)}: every connection receives the payload. */
  public static byte[] broadcast(long stampMicros, int padding) {
    return ("{\"type\":1,\"target\":\"Broadcast\",\"arguments\":["
        + payload(stampMicros, padding) + "]}\u001e").getBytes(StandardCharsets.US_ASCII);
  }

  /** A non-blocking call of {@code GroupSend(group, payload)}. */
  public static byte[] groupSend(String group, long stampMicros, int padding) {
    return ("{\"type\":1,\"target\":\"GroupSend\",\"arguments\":[\"" + group + "\","
        + payload(stampMicros, padding) + "]}\u001e").getBytes(StandardCharsets.US_ASCII);
  }

  /** A blocking call of {@code Join(group)} or {@code Leave(group)}. */
  public static byte[] membership(boolean join, long invocationId, String group) {
    return ("{\"type\":1,\"invocationId\":\"" + invocationId + "\",\"target\":\""
        + (join ? "Join" : "Leave") + "\",\"arguments\":[\"" + group + "\"]}\u001e")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static String payload(long stampMicros, int padding) {
    return "\"T" + stampMicros + "|" + "x".repeat(Math.max(0, padding)) + "\"";
  }

  /** The {@code type} of the record in {@code [start, end)}, or -1 if it has none. */
  public static int type(ByteBuffer data, int start, int end) {
    // Both servers write "type" first, as the .NET server does; scan only when they do not.
    int at = start + 8 <= end && data.get(start + 2) == 't' && data.get(start + 3) == 'y'
        ? start + 8 : Http.indexOf(data, start, end, "\"type\":") + 7;
    if (at < 7 || at >= end) {
      return -1;
    }
    int digit = data.get(at) - '0';
    return digit >= 0 && digit <= 9 ? digit : -1;
  }

  /** The send time carried by the record's payload, or -1 when it carries none. */
  public static long stamp(ByteBuffer data, int start, int end) {
    for (int i = start; i < end - 2; i++) {
      if (data.get(i) == '"' && data.get(i + 1) == 'T') {
        long value = 0;
        int j = i + 2;
        byte b;
        while (j < end && (b = data.get(j)) >= '0' && b <= '9') {
          value = value * 10 + (b - '0');
          j++;
        }
        if (j > i + 2) {
          return value;
        }
      }
    }
    return -1;
  }

  /** Whether the record has an {@code error} property. */
  public static boolean hasError(ByteBuffer data, int start, int end) {
    return Http.indexOf(data, start, end, "\"error\"") >= 0;
  }

  /** The record as text, for diagnostics. */
  public static String text(ByteBuffer data, int start, int end) {
    return Http.ascii(data, start, end);
  }
}
