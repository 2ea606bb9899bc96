package io.signet.bench.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the floor does with the generator's invocations: the least a SignalR server must do. It
 * does not parse JSON. It finds the target, invocation id and arguments by scanning for the
 * generator's own field order, and splices the argument bytes into replies, so each message is
 * encoded once whatever the number of recipients. It understands nothing else.
 */
final class FloorHub {
  static final FloorMessage HANDSHAKE_OK = new FloorMessage(ascii("{}\u001e"));
  private static final byte[] RECEIVE = ascii("{\"type\":1,\"target\":\"Receive\",\"arguments\":[");
  private static final byte[] COMPLETION = ascii("{\"type\":3,\"invocationId\":\"");
  private static final byte[] RESULT = ascii("\",\"result\":");
  private static final byte[] NULL_RESULT = ascii("null");

  private final Set<FloorPeer> all = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, Set<FloorPeer>> groups = new ConcurrentHashMap<>();

  /** A client finished its handshake. */
  void connected(FloorPeer peer) {
    all.add(peer);
  }

  /** The clients that completed their handshake and are still there. */
  int size() {
    return all.size();
  }

  /** A client went away. */
  void disconnected(FloorPeer peer) {
    all.remove(peer);
    for (String group : peer.groups()) {
      leave(peer, group);
    }
  }

  /** Handles one record (without separator) from {@code peer}. */
  void handle(FloorPeer peer, ByteBuffer data, int start, int end) {
    String target = stringField(data, start, end, "\"target\":\"");
    if (target == null) {
      return; // a ping, or anything else the floor does not need to answer
    }
    int args = indexOf(data, start, end, "\"arguments\":[") + 13;
    int argsEnd = lastIndexOf(data, start, end, ']');
    String id = stringField(data, start, end, "\"invocationId\":\"");
    switch (target) {
      case "Echo" -> peer.deliver(completion(id, data, args, argsEnd));
      case "Broadcast" -> send(all, receive(data, args, argsEnd));
      case "GroupSend" -> {
        int comma = indexOf(data, args, argsEnd, ",");
        String group = text(data, args + 1, comma - 1);
        Set<FloorPeer> members = groups.get(group);
        if (members != null) {
          send(members, receive(data, comma + 1, argsEnd));
        }
      }
      case "Join", "Leave" -> {
        String group = text(data, args + 1, argsEnd - 1);
        if (target.equals("Join")) {
          join(peer, group);
        } else {
          leave(peer, group);
        }
        peer.deliver(completion(id, ByteBuffer.wrap(NULL_RESULT), 0, NULL_RESULT.length));
      }
      default -> { }
    }
  }

  private void join(FloorPeer peer, String group) {
    groups.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(peer);
    peer.groups().add(group);
  }

  private void leave(FloorPeer peer, String group) {
    peer.groups().remove(group);
    groups.computeIfPresent(group, (g, members) -> {
      members.remove(peer);
      return members.isEmpty() ? null : members;
    });
  }

  private static void send(Set<FloorPeer> recipients, FloorMessage message) {
    for (FloorPeer recipient : recipients) {
      recipient.deliver(message);
    }
  }

  private static FloorMessage receive(ByteBuffer data, int start, int end) {
    int length = end - start;
    byte[] record = new byte[RECEIVE.length + length + 3];
    System.arraycopy(RECEIVE, 0, record, 0, RECEIVE.length);
    data.get(start, record, RECEIVE.length, length);
    record[record.length - 3] = ']';
    record[record.length - 2] = '}';
    record[record.length - 1] = 0x1E;
    return new FloorMessage(record);
  }

  /** A completion whose result is the single argument in {@code [start, end)}. */
  private static FloorMessage completion(String id, ByteBuffer result, int start, int end) {
    byte[] idBytes = ascii(id);
    int length = end - start;
    byte[] record = new byte[COMPLETION.length + idBytes.length + RESULT.length + length + 2];
    int at = put(record, 0, COMPLETION);
    at = put(record, at, idBytes);
    at = put(record, at, RESULT);
    result.get(start, record, at, length);
    record[record.length - 2] = '}';
    record[record.length - 1] = 0x1E;
    return new FloorMessage(record);
  }

  private static int put(byte[] target, int at, byte[] source) {
    System.arraycopy(source, 0, target, at, source.length);
    return at + source.length;
  }

  private static String stringField(ByteBuffer data, int start, int end, String key) {
    int at = indexOf(data, start, end, key);
    if (at < 0) {
      return null;
    }
    int from = at + key.length();
    int to = indexOf(data, from, end, "\"");
    return to < 0 ? null : text(data, from, to);
  }

  static int indexOf(ByteBuffer data, int from, int to, String needle) {
    int last = to - needle.length();
    outer:
    for (int i = from; i <= last; i++) {
      for (int j = 0; j < needle.length(); j++) {
        if (data.get(i + j) != needle.charAt(j)) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static int lastIndexOf(ByteBuffer data, int from, int to, char c) {
    for (int i = to - 1; i >= from; i--) {
      if (data.get(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static String text(ByteBuffer data, int start, int end) {
    byte[] bytes = new byte[end - start];
    data.get(start, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
