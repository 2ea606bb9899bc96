package io.signet.bench.client;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The SignalR MessagePack messages the generator writes and the little it reads back, assembled
 * and scanned by hand as {@link Messages} does for JSON, so that the generator's cost per message
 * stays about the same for both protocols and what differs is the server's.
 *
 * <p>Each message is a VarInt length (7 bits a byte, low bits first) then one MessagePack array:
 * an invocation is {@code [1, {}, invocationId or nil, target, [arguments]]}, a completion
 * {@code [3, {}, invocationId, resultKind, result?]} with result kind 1 for an error. Payloads are
 * the same {@code "T<micros>|xxxx"} strings as with JSON.
 */
final class MessagePackMessages {
  /** The handshake request, which is JSON for every protocol. */
  static final byte[] HANDSHAKE =
      "{\"protocol\":\"messagepack\",\"version\":1}\u001e".getBytes(StandardCharsets.US_ASCII);

  private static final int ERROR_RESULT = 1;

  private MessagePackMessages() {}

  static byte[] echo(long invocationId, long stampMicros, int padding) {
    return invocation(Long.toString(invocationId), "Echo", payload(stampMicros, padding));
  }

  static byte[] broadcast(long stampMicros, int padding) {
    return invocation(null, "Broadcast", payload(stampMicros, padding));
  }

  static byte[] groupSend(String group, long stampMicros, int padding) {
    return invocation(null, "GroupSend", group, payload(stampMicros, padding));
  }

  static byte[] membership(boolean join, long invocationId, String group) {
    return invocation(Long.toString(invocationId), join ? "Join" : "Leave", group);
  }

  private static String payload(long stampMicros, int padding) {
    return "T" + stampMicros + "|" + "x".repeat(Math.max(0, padding));
  }

  /** {@code [1, {}, invocationId, target, [arguments]]} with its length prefix. */
  private static byte[] invocation(String invocationId, String target, String... arguments) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(64);
    body.write(0x95);
    body.write(1);
    body.write(0x80);
    if (invocationId == null) {
      body.write(0xC0);
    } else {
      writeString(body, invocationId);
    }
    writeString(body, target);
    body.write(0x90 | arguments.length);
    for (String argument : arguments) {
      writeString(body, argument);
    }
    ByteArrayOutputStream framed = new ByteArrayOutputStream(body.size() + 5);
    int length = body.size();
    while (length >= 0x80) {
      framed.write((length & 0x7F) | 0x80);
      length >>>= 7;
    }
    framed.write(length);
    framed.writeBytes(body.toByteArray());
    return framed.toByteArray();
  }

  private static void writeString(ByteArrayOutputStream out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    int length = bytes.length;
    if (length < 32) {
      out.write(0xA0 | length);
    } else if (length < 256) {
      out.write(0xD9);
      out.write(length);
    } else {
      out.write(0xDA);
      out.write(length >>> 8);
      out.write(length & 0xFF);
    }
    out.writeBytes(bytes);
  }

  /**
   * Reads the VarInt length at {@code at}; returns the message's end, with its start (after the
   * prefix) in {@code bodyStart[0]}, or -1 when the prefix is not whole before {@code end}.
   */
  static int messageEnd(ByteBuffer data, int at, int end, int[] bodyStart) {
    long length = 0;
    for (int shift = 0, i = at; i < end && shift <= 28; shift += 7, i++) {
      int b = data.get(i) & 0xFF;
      length |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        bodyStart[0] = i + 1;
        long messageEnd = i + 1 + length;
        return messageEnd <= end ? (int) messageEnd : -1;
      }
    }
    return -1;
  }

  /** The message type: the array's first element, or -1. */
  static int type(ByteBuffer data, int start, int end) {
    int at = arrayElements(data, start, end);
    if (at < 0 || at >= end) {
      return -1;
    }
    int type = data.get(at) & 0xFF;
    return type < 0x80 ? type : -1;
  }

  /** Whether a completion carries an error (result kind 1). */
  static boolean hasError(ByteBuffer data, int start, int end) {
    int at = arrayElements(data, start, end);
    if (at < 0) {
      return false;
    }
    for (int element = 0; element < 3; element++) { // the type, the headers, the invocation id
      at = skip(data, at, end);
    }
    return at >= 0 && at < end && (data.get(at) & 0xFF) == ERROR_RESULT;
  }

  /**
   * The send time in a payload {@code T<digits>|...} anywhere in the message, or -1. No other
   * string the servers send holds a {@code T} followed by digits and a bar.
   */
  static long stamp(ByteBuffer data, int start, int end) {
    for (int i = start; i < end - 2; i++) {
      if (data.get(i) != 'T') {
        continue;
      }
      long value = 0;
      int j = i + 1;
      byte b;
      while (j < end && (b = data.get(j)) >= '0' && b <= '9') {
        value = value * 10 + (b - '0');
        j++;
      }
      if (j > i + 1 && j < end && data.get(j) == '|') {
        return value;
      }
    }
    return -1;
  }

  /** The message with bytes outside printable ASCII as {@code \xNN}, for diagnostics. */
  static String text(ByteBuffer data, int start, int end) {
    StringBuilder text = new StringBuilder();
    for (int i = start; i < end; i++) {
      int b = data.get(i) & 0xFF;
      if (b >= 0x20 && b < 0x7F) {
        text.append((char) b);
      } else {
        text.append(String.format("\\x%02x", b));
      }
    }
    return text.toString();
  }

  /** Where the elements of the array at {@code start} begin, or -1 if no array is there. */
  private static int arrayElements(ByteBuffer data, int start, int end) {
    if (start >= end) {
      return -1;
    }
    int b = data.get(start) & 0xFF;
    return (b & 0xF0) == 0x90 ? start + 1 : b == 0xDC ? start + 3 : b == 0xDD ? start + 5 : -1;
  }

  /** The offset after the value at {@code at}, or -1 past {@code end} or for an unknown type. */
  static int skip(ByteBuffer data, int at, int end) {
    if (at < 0 || at >= end) {
      return -1;
    }
    int b = data.get(at) & 0xFF;
    if (b < 0x80 || b >= 0xE0 || b == 0xC0 || b == 0xC2 || b == 0xC3) {
      return at + 1; // fixints, nil, false, true
    }
    if ((b & 0xE0) == 0xA0) {
      return bounded(at + 1 + (b & 0x1F), end);
    }
    if ((b & 0xF0) == 0x80) {
      return skipElements(data, at + 1, 2 * (b & 0x0F), end);
    }
    if ((b & 0xF0) == 0x90) {
      return skipElements(data, at + 1, b & 0x0F, end);
    }
    return switch (b) {
      case 0xCC, 0xD0 -> bounded(at + 2, end);
      case 0xCD, 0xD1 -> bounded(at + 3, end);
      case 0xCA, 0xCE, 0xD2 -> bounded(at + 5, end);
      case 0xCB, 0xCF, 0xD3 -> bounded(at + 9, end);
      case 0xD9, 0xC4 -> at + 2 > end ? -1 : bounded(at + 2 + (data.get(at + 1) & 0xFF), end);
      case 0xDA, 0xC5 -> at + 3 > end ? -1
          : bounded(at + 3 + (data.getShort(at + 1) & 0xFFFF), end);
      case 0xDC -> at + 3 > end ? -1
          : skipElements(data, at + 3, data.getShort(at + 1) & 0xFFFF, end);
      case 0xDE -> at + 3 > end ? -1
          : skipElements(data, at + 3, 2 * (data.getShort(at + 1) & 0xFFFF), end);
      default -> -1; // 32-bit lengths and extensions: the servers send none to the generator
    };
  }

  private static int skipElements(ByteBuffer data, int at, int count, int end) {
    for (int i = 0; i < count && at >= 0; i++) {
      at = skip(data, at, end);
    }
    return at;
  }

  private static int bounded(int next, int end) {
    return next <= end ? next : -1;
  }
}
