package io.signet.redis.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One message between nodes on a Redis channel: a send (with its payload serialised once, in the
 * hub protocol), a group change or client-result request for a connection on another node, or
 * the answer to one. The channel it travels on says whom it is for.
 *
 * <p>Binary: kind, origin node, request id, a list of strings (excluded connection ids, a group
 * name, a method name), a status and a text (of an answer), and a list of payloads, each a
 * protocol name and bytes (a send carries one per protocol the hub speaks, as ASP.NET Core's
 * Redis backplane does, since the node of a recipient knows which one it speaks).
 *
 * @param kind what it is
 * @param origin the node that published it
 * @param requestId the request an answer belongs to, or 0
 * @param strings the kind's strings
 * @param status an answer's {@link Status}
 * @param text an answer's error text, or a request's timeout in milliseconds
 * @param payloads serialised hub message(s), each in a protocol, or none
 */
record Envelope(Kind kind, String origin, long requestId, List<String> strings, Status status,
    String text, List<Payload> payloads) {

  /** Hub message(s) serialised in one protocol. */
  record Payload(String protocol, byte[] bytes) {
    Payload {
      Objects.requireNonNull(protocol, "protocol == null");
      Objects.requireNonNull(bytes, "bytes == null");
    }
  }

  /** What an envelope carries. */
  enum Kind {
    /** Deliver {@code payload} to the channel's recipients except the connection ids in strings. */
    SEND,
    /** Add the channel's connection to the group strings[0]; answer with an ACK. */
    GROUP_ADD,
    /** Remove the channel's connection from the group strings[0]; answer with an ACK. */
    GROUP_REMOVE,
    /** Invoke the payload's invocation on the channel's connection; answer with a RESULT. */
    INVOKE,
    /** A group change was made. */
    ACK,
    /** A client result: a completion in the payload, or a failure in status and text. */
    RESULT
  }

  /** How a request ended. */
  enum Status {
    OK,
    /** The client answered with an error: a {@code HubException}. */
    CLIENT_ERROR,
    /** The connection does not exist or disconnected: an {@code IOException}. */
    NO_CONNECTION,
    /** The client did not answer in time. */
    TIMEOUT,
    /** Anything else. */
    FAILED
  }

  private static final byte[] NONE = new byte[0];

  Envelope {
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(origin, "origin == null");
    strings = List.copyOf(strings);
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(text, "text == null");
    payloads = List.copyOf(payloads);
  }

  /** A send, serialised in each protocol of {@code payloads}. */
  static Envelope send(String origin, List<String> excluded, List<Payload> payloads) {
    return new Envelope(Kind.SEND, origin, 0, excluded, Status.OK, "", payloads);
  }

  /** A send, serialised in one protocol. */
  static Envelope send(String origin, List<String> excluded, String protocol, byte[] payload) {
    return send(origin, excluded, one(protocol, payload));
  }

  static Envelope request(Kind kind, String origin, long requestId, List<String> strings,
      String text, String protocol, byte[] payload) {
    return new Envelope(kind, origin, requestId, strings, Status.OK, text, one(protocol, payload));
  }

  static Envelope answer(Kind kind, String origin, long requestId, Status status, String text,
      String protocol, byte[] payload) {
    return new Envelope(kind, origin, requestId, List.of(), status, text, one(protocol, payload));
  }

  private static List<Payload> one(String protocol, byte[] payload) {
    return protocol.isEmpty() && payload.length == 0
        ? List.of() : List.of(new Payload(protocol, payload));
  }

  /** The first payload's protocol name, or empty. */
  String protocol() {
    return payloads.isEmpty() ? "" : payloads.get(0).protocol();
  }

  /** The first payload's bytes, or none. */
  byte[] payload() {
    return payloads.isEmpty() ? NONE : payloads.get(0).bytes();
  }

  static Envelope ack(String origin, long requestId) {
    return answer(Kind.ACK, origin, requestId, Status.OK, "", "", NONE);
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + payload().length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(kind.ordinal());
      out.writeUTF(origin);
      out.writeLong(requestId);
      out.writeInt(strings.size());
      for (String value : strings) {
        out.writeUTF(value);
      }
      out.writeByte(status.ordinal());
      out.writeUTF(text);
      out.writeInt(payloads.size());
      for (Payload payload : payloads) {
        out.writeUTF(payload.protocol());
        out.writeInt(payload.bytes().length);
        out.write(payload.bytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not from a byte array
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes an envelope.
   *
   * @throws IOException when the bytes are not one (another program on the channel)
   */
  static Envelope decode(byte[] encoded) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      Kind kind = Kind.values()[in.readUnsignedByte()];
      String origin = in.readUTF();
      long requestId = in.readLong();
      int count = in.readInt();
      if (count < 0 || count > encoded.length) {
        throw new IOException("Bad string count " + count);
      }
      List<String> strings = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        strings.add(in.readUTF());
      }
      Status status = Status.values()[in.readUnsignedByte()];
      String text = in.readUTF();
      int payloadCount = in.readInt();
      if (payloadCount < 0 || payloadCount > encoded.length) {
        throw new IOException("Bad payload count " + payloadCount);
      }
      List<Payload> payloads = new ArrayList<>(payloadCount);
      for (int i = 0; i < payloadCount; i++) {
        String protocol = in.readUTF();
        int length = in.readInt();
        if (length < 0 || length > encoded.length) {
          throw new IOException("Bad payload length " + length);
        }
        byte[] payload = in.readNBytes(length);
        if (payload.length != length) {
          throw new IOException("Truncated payload");
        }
        payloads.add(new Payload(protocol, payload));
      }
      return new Envelope(kind, origin, requestId, strings, status, text, payloads);
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new IOException("Unknown kind or status", e);
    }
  }
}
