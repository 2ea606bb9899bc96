package io.signet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the JSON hub protocol's parser the way a connection does and checks what must hold for any
 * input: only {@link InvalidMessageException} escapes, the position only moves forward and past
 * whole records, every complete record is consumed (or failed), nothing over the size limit is
 * left waiting, and every parsed payload value binds or fails as invalid data.
 */
final class ParseChecks {
  private static final JsonHubProtocol PROTOCOL = new JsonHubProtocol();

  /** Types a hub method may declare, for binding every parsed payload value to. */
  private static final List<Type> TYPES = List.of(Object.class, String.class, int.class,
      long.class, Integer.class, double.class, boolean.class, BigInteger.class, BigDecimal.class,
      int[].class, Person.class, Color.class, OffsetDateTime.class, byte[].class,
      new TypeReference<List<Long>>() {}.getType(),
      new TypeReference<Map<String, List<Double>>>() {}.getType());

  private ParseChecks() {}

  /** What one parse (or a series of them) produced: the messages, then the error if any. */
  record Outcome(List<HubMessage> messages, String failure) {}

  /** Parses the whole of {@code input} in one call, checking the invariants. */
  static Outcome parseWhole(ByteBuffer input, MessageLimits limits) {
    List<HubMessage> messages = new ArrayList<>();
    String failure = parseChecked(input, limits, messages, true);
    return new Outcome(messages, failure);
  }

  /**
   * Parses {@code input} arriving in the given chunks, keeping the unparsed rest between calls as
   * a connection's inbound buffer does; stops at the first failure.
   */
  static Outcome parseInChunks(byte[] input, List<Integer> cuts, MessageLimits limits) {
    List<HubMessage> messages = new ArrayList<>();
    ByteBuffer pending = ByteBuffer.allocate(0);
    int from = 0;
    List<Integer> ends = new ArrayList<>(cuts);
    ends.add(input.length);
    for (int end : ends) {
      if (end < from) {
        continue;
      }
      ByteBuffer grown = ByteBuffer.allocate(pending.remaining() + end - from);
      grown.put(pending).put(input, from, end - from).flip();
      from = end;
      pending = grown;
      String failure = parseChecked(pending, limits, messages, false);
      if (failure != null) {
        return new Outcome(messages, failure);
      }
      if (limits.maximumMessageSize() > 0) {
        // Nothing grows without bound: what waits is one incomplete record within the limit.
        assertThat((long) pending.remaining()).isLessThanOrEqualTo(limits.maximumMessageSize());
      }
    }
    return new Outcome(messages, null);
  }

  /**
   * One call of {@code parseMessages}, checked.
   *
   * @param bind whether to bind every payload value too
   * @return the failure as "Type: message", or {@code null}
   */
  static String parseChecked(ByteBuffer input, MessageLimits limits, List<HubMessage> parsed,
      boolean bind) {
    int start = input.position();
    List<HubMessage> out = new ArrayList<>();
    InvalidMessageException failure = null;
    try {
      PROTOCOL.parseMessages(input, limits, out);
    } catch (InvalidMessageException e) {
      failure = e; // anything else escapes and fails the property
    }
    int end = input.position();
    assertThat(end).as("the position never moves back").isGreaterThanOrEqualTo(start);
    assertThat(out.size()).as("one message per record at most")
        .isLessThanOrEqualTo(separators(input, start, end, input.limit()));
    if (end > start) {
      assertThat(input.get(end - 1)).as("only whole records are consumed").isEqualTo(FuzzInputs.RS);
    }
    if (failure == null || failure instanceof MessageTooLargeException) {
      checkRest(input, limits, failure != null);
    } else {
      assertThat(end).as("an invalid record is consumed").isGreaterThan(start);
    }
    parsed.addAll(out);
    if (bind) {
      for (HubMessage message : out) {
        // What was read can be written back (a server relays client results and stream items).
        assertThat(PROTOCOL.writeMessage(message)).isNotEmpty();
        bindPayloads(message);
      }
    }
    return failure == null ? null
        : failure.getClass().getSimpleName() + ": " + failure.getMessage();
  }

  /** After a parse that stopped for want of bytes (or of room), no complete record is left. */
  private static void checkRest(ByteBuffer input, MessageLimits limits, boolean tooLarge) {
    long max = limits.maximumMessageSize();
    int rest = input.remaining();
    int scanned = max > 0 ? (int) Math.min(rest, max) : rest;
    assertThat(separators(input, input.position(), input.position() + scanned, input.limit()))
        .as("every complete record within the limit was parsed").isZero();
    if (tooLarge) {
      assertThat((long) rest).as("too large means over the limit").isGreaterThan(max);
    } else if (max > 0) {
      assertThat((long) rest).as("an incomplete record waits within the limit")
          .isLessThanOrEqualTo(max);
    }
  }

  private static int separators(ByteBuffer input, int from, int to, int limit) {
    int count = 0;
    for (int i = from; i < Math.min(to, limit); i++) {
      if (input.get(i) == FuzzInputs.RS) {
        count++;
      }
    }
    return count;
  }

  /** Binds each payload value to every type: it fits, or fails as invalid data. */
  static void bindPayloads(HubMessage message) {
    List<Object> values = new ArrayList<>();
    if (message instanceof InvocationMessage m) {
      values.addAll(m.arguments());
    } else if (message instanceof StreamInvocationMessage m) {
      values.addAll(m.arguments());
    } else if (message instanceof StreamItemMessage m) {
      values.add(m.item());
    } else if (message instanceof CompletionMessage m) {
      values.add(m.result());
    }
    for (Object value : values) {
      if (value instanceof UnboundValue unbound) {
        for (Type type : TYPES) {
          try {
            unbound.bind(type);
          } catch (InvalidMessageException expected) {
            // does not fit this type: what a hub method declaring it would refuse
          }
        }
      }
    }
  }

  /** {@code bytes} in a buffer whose backing array starts {@code offset} bytes early, or direct. */
  static ByteBuffer buffer(byte[] bytes, int offset, boolean direct) {
    if (direct) {
      return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }
    byte[] padded = new byte[offset + bytes.length];
    System.arraycopy(bytes, 0, padded, offset, bytes.length);
    return ByteBuffer.wrap(padded, offset, bytes.length).slice();
  }
}
