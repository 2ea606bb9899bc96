package io.signet.bench.client;

import java.nio.ByteBuffer;

/**
 * The hub protocols the generator speaks: what it writes for each call and how it reads what
 * comes back. JSON is {@link Messages}; MessagePack is {@link MessagePackMessages}, over
 * WebSockets only (binary frames).
 *
 * <p>Socket.IO ({@link SocketIoMessages}, over WebSockets only) is not a SignalR protocol but the
 * peer's own, spoken by a {@link SocketIoClient}: its events stand for the hub methods, and its
 * event and ack packets are typed as invocations and completions, so that a fleet drives and
 * counts it as it does SignalR clients.
 */
public enum Protocol {
  /** Text: records ending with {@link Messages#RS}. */
  JSON("json", "JSON") {
    @Override
    byte[] handshake() {
      return Messages.HANDSHAKE;
    }

    @Override
    public byte[] echo(long invocationId, long stampMicros, int padding) {
      return Messages.echo(invocationId, stampMicros, padding);
    }

    @Override
    public byte[] broadcast(long stampMicros, int padding) {
      return Messages.broadcast(stampMicros, padding);
    }

    @Override
    public byte[] groupSend(String group, long stampMicros, int padding) {
      return Messages.groupSend(group, stampMicros, padding);
    }

    @Override
    public byte[] membership(boolean join, long invocationId, String group) {
      return Messages.membership(join, invocationId, group);
    }

    @Override
    void split(ByteBuffer data, int start, int end, Records records) {
      int recordStart = start;
      for (int i = start; i < end; i++) {
        if (data.get(i) == Messages.RS) {
          if (!records.record(data, recordStart, i)) {
            return;
          }
          recordStart = i + 1;
        }
      }
    }

    @Override
    public int type(ByteBuffer data, int start, int end) {
      return Messages.type(data, start, end);
    }

    @Override
    public long stamp(ByteBuffer data, int start, int end) {
      return Messages.stamp(data, start, end);
    }

    @Override
    public boolean hasError(ByteBuffer data, int start, int end) {
      return Messages.hasError(data, start, end);
    }

    @Override
    public String text(ByteBuffer data, int start, int end) {
      return Messages.text(data, start, end);
    }
  },

  /** Binary: a VarInt length, then a MessagePack array. */
  MESSAGEPACK("messagepack", "MessagePack") {
    @Override
    byte[] handshake() {
      return MessagePackMessages.HANDSHAKE;
    }

    @Override
    public byte[] echo(long invocationId, long stampMicros, int padding) {
      return MessagePackMessages.echo(invocationId, stampMicros, padding);
    }

    @Override
    public byte[] broadcast(long stampMicros, int padding) {
      return MessagePackMessages.broadcast(stampMicros, padding);
    }

    @Override
    public byte[] groupSend(String group, long stampMicros, int padding) {
      return MessagePackMessages.groupSend(group, stampMicros, padding);
    }

    @Override
    public byte[] membership(boolean join, long invocationId, String group) {
      return MessagePackMessages.membership(join, invocationId, group);
    }

    @Override
    void split(ByteBuffer data, int start, int end, Records records) {
      int[] bodyStart = new int[1];
      int at = start;
      while (at < end) {
        int messageEnd = MessagePackMessages.messageEnd(data, at, end, bodyStart);
        if (messageEnd < 0) {
          records.truncated(text(data, at, Math.min(end, at + 200)));
          return;
        }
        if (!records.record(data, bodyStart[0], messageEnd)) {
          return;
        }
        at = messageEnd;
      }
    }

    @Override
    public int type(ByteBuffer data, int start, int end) {
      return MessagePackMessages.type(data, start, end);
    }

    @Override
    public long stamp(ByteBuffer data, int start, int end) {
      return MessagePackMessages.stamp(data, start, end);
    }

    @Override
    public boolean hasError(ByteBuffer data, int start, int end) {
      return MessagePackMessages.hasError(data, start, end);
    }

    @Override
    public String text(ByteBuffer data, int start, int end) {
      return MessagePackMessages.text(data, start, end);
    }
  },

  /** Socket.IO 4 over Engine.IO 4: one packet per text frame, events for the hub methods. */
  SOCKET_IO("socket.io", "Socket.IO") {
    @Override
    byte[] handshake() {
      return SocketIoMessages.CONNECT;
    }

    @Override
    public byte[] echo(long invocationId, long stampMicros, int padding) {
      return SocketIoMessages.echo(invocationId, stampMicros, padding);
    }

    @Override
    public byte[] broadcast(long stampMicros, int padding) {
      return SocketIoMessages.broadcast(stampMicros, padding);
    }

    @Override
    public byte[] groupSend(String group, long stampMicros, int padding) {
      return SocketIoMessages.groupSend(group, stampMicros, padding);
    }

    @Override
    public byte[] membership(boolean join, long invocationId, String group) {
      return SocketIoMessages.membership(join, invocationId, group);
    }

    @Override
    void split(ByteBuffer data, int start, int end, Records records) {
      records.record(data, start, end); // a WebSocket frame holds exactly one packet
    }

    @Override
    public int type(ByteBuffer data, int start, int end) {
      return SocketIoMessages.type(data, start, end);
    }

    @Override
    public long stamp(ByteBuffer data, int start, int end) {
      return Messages.stamp(data, start, end); // the payload is the same JSON string
    }

    @Override
    public boolean hasError(ByteBuffer data, int start, int end) {
      return false; // an ack carries whatever the handler passed, never an error of its own
    }

    @Override
    public String text(ByteBuffer data, int start, int end) {
      return Messages.text(data, start, end);
    }
  };

  /** Where {@link #split} puts each message; the client that received them. */
  interface Records {
    /** One message in {@code [start, end)}; returns whether to go on. */
    boolean record(ByteBuffer data, int start, int end);

    /** The data ended inside a message, which a frame or body never does. */
    void truncated(String rest);
  }

  private final String wireName;
  private final String label;

  Protocol(String wireName, String label) {
    this.wireName = wireName;
    this.label = label;
  }

  /** The name in the handshake (Socket.IO has none: its name in diagnostics). */
  public String wireName() {
    return wireName;
  }

  /** The name in the report. */
  public String label() {
    return label;
  }

  /** Whether its messages go in binary WebSocket frames. */
  public boolean binary() {
    return this == MESSAGEPACK;
  }

  /** The handshake request, JSON for every SignalR protocol; Socket.IO's namespace connect. */
  abstract byte[] handshake();

  /** A blocking call of {@code Echo(payload)}; the completion carries the payload back. */
  public abstract byte[] echo(long invocationId, long stampMicros, int padding);

  /** A non-blocking call of {@code Broadcast(payload)}: every connection receives the payload. */
  public abstract byte[] broadcast(long stampMicros, int padding);

  /** A non-blocking call of {@code GroupSend(group, payload)}. */
  public abstract byte[] groupSend(String group, long stampMicros, int padding);

  /** A blocking call of {@code Join(group)} or {@code Leave(group)}. */
  public abstract byte[] membership(boolean join, long invocationId, String group);

  /** Splits the messages after the handshake in {@code [start, end)}, which holds whole ones. */
  abstract void split(ByteBuffer data, int start, int end, Records records);

  /** The message type, as in {@link Messages#INVOCATION}, or -1. */
  public abstract int type(ByteBuffer data, int start, int end);

  /** The send time carried by the message's payload, or -1 when it carries none. */
  public abstract long stamp(ByteBuffer data, int start, int end);

  /** Whether a completion carries an error. */
  public abstract boolean hasError(ByteBuffer data, int start, int end);

  /** The message as text, for diagnostics. */
  public abstract String text(ByteBuffer data, int start, int end);
}
