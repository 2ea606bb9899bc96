package io.signet.bench.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The Socket.IO 4 packets the generator writes and the little it reads back, assembled and
 * scanned by hand as {@link Messages} does for SignalR's JSON, so that the generator's cost per
 * message stays about the same and what differs is the server's.
 *
 * <p>Over a WebSocket, Engine.IO 4 puts one packet in each text frame: its type as one digit
 * ({@code 0} open, {@code 2} ping, {@code 3} pong, {@code 4} message...), then the data. A
 * Socket.IO packet rides in a message: {@code 40} connects to the default namespace, an event is
 * {@code 42[ackId]["name",args...]} and its ack {@code 43<ackId>[args...]}. The hub methods are
 * events of the same names in camel case; payloads are the same {@code "T<micros>|xxxx"} strings.
 */
final class SocketIoMessages {
  /** Engine.IO's open packet, the first the server sends. */
  static final byte OPEN = '0';
  /** Engine.IO's close packet. */
  static final byte CLOSE = '1';
  /** Engine.IO's ping, which the server sends and the client must answer with a pong. */
  static final byte PING = '2';
  /** Engine.IO's message packet, holding a Socket.IO packet. */
  static final byte MESSAGE = '4';
  /** Engine.IO's no-op packet. */
  static final byte NOOP = '6';
  /** Socket.IO packet types, after {@link #MESSAGE}. */
  static final byte SIO_CONNECT = '0';
  static final byte SIO_DISCONNECT = '1';
  static final byte SIO_EVENT = '2';
  static final byte SIO_ACK = '3';
  static final byte SIO_CONNECT_ERROR = '4';

  /** A Socket.IO connect to the default namespace, without auth data. */
  static final byte[] CONNECT = ascii("40");
  /** The pong that answers a ping without data. */
  static final byte[] PONG = ascii("3");

  private SocketIoMessages() {}

  /** {@code echo(payload)} with an ack: the ack carries the payload back. */
  static byte[] echo(long ackId, long stampMicros, int padding) {
    return event(ackId, "echo", null, stampMicros, padding);
  }

  /** {@code broadcast(payload)}, without ack: every client receives the payload. */
  static byte[] broadcast(long stampMicros, int padding) {
    return event(-1, "broadcast", null, stampMicros, padding);
  }

  /** {@code groupSend(group, payload)}, without ack: the room's clients receive the payload. */
  static byte[] groupSend(String group, long stampMicros, int padding) {
    return event(-1, "groupSend", group, stampMicros, padding);
  }

  /** {@code join(group)} or {@code leave(group)} with an ack, which comes empty. */
  static byte[] membership(boolean join, long ackId, String group) {
    return ascii("42" + ackId + "[\"" + (join ? "join" : "leave") + "\",\"" + group + "\"]");
  }

  /** An event packet; {@code ackId} -1 asks for no ack, a {@code null} group is left out. */
  private static byte[] event(long ackId, String name, String group, long stampMicros,
      int padding) {
    StringBuilder packet = new StringBuilder(48 + padding).append("42");
    if (ackId >= 0) {
      packet.append(ackId);
    }
    packet.append("[\"").append(name).append("\",");
    if (group != null) {
      packet.append('"').append(group).append("\",");
    }
    packet.append("\"T").append(stampMicros).append('|').append("x".repeat(Math.max(0, padding)))
        .append("\"]");
    return ascii(packet.toString());
  }

  /**
   * The packet in {@code [start, end)} typed as SignalR's messages are: an event as an
   * {@link Messages#INVOCATION}, an ack as a {@link Messages#COMPLETION}; -1 for anything else.
   */
  static int type(ByteBuffer data, int start, int end) {
    if (end - start < 2 || data.get(start) != MESSAGE) {
      return -1;
    }
    return switch (data.get(start + 1)) {
      case SIO_EVENT -> Messages.INVOCATION;
      case SIO_ACK -> Messages.COMPLETION;
      default -> -1;
    };
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
