package io.signet.protocol.msgpack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.signet.protocol.CompletionMessage;
import io.signet.protocol.HubMessage;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.MessageLimits;
import io.signet.protocol.MessageTooLargeException;
import io.signet.protocol.StreamInvocationMessage;
import io.signet.protocol.StreamItemMessage;
import io.signet.protocol.UnboundValue;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs the MessagePack protocol's parser the way a connection does and checks what must hold for
 * any input: only {@link InvalidMessageException} escapes, the position only moves forward and
 * over whole frames, every complete frame is consumed (or failed), nothing over the size limit is
 * left waiting, and every parsed payload value binds or fails as invalid data and writes back.
 *
 * <p>Frames are walked here by a decoder of the test's own, so the parser is checked against an
 * oracle rather than against itself.
 */
final class MessagePackParseChecks {
  private static final MessagePackHubProtocol PROTOCOL = new MessagePackHubProtocol();

  /** Types a hub method may declare, for binding every parsed payload value to. */
  private static final List<Type> TYPES = List.of(Object.class, String.class, int.class,
      long.class, Integer.class, double.class, boolean.class, BigInteger.class, BigDecimal.class,
      int[].class, Person.class, Color.class, OffsetDateTime.class, Instant.class, byte[].class,
      LocalDateTime.class, Date.class, UUID.class, CustomObject.class,
      new TypeReference<List<Long>>() {}.getType(),
      new TypeReference<Map<String, List<Double>>>() {}.getType());

  private MessagePackParseChecks() {}

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
        // Nothing grows without bound: what waits is one incomplete frame within the limit.
        assertThat((long) pending.remaining()).isLessThanOrEqualTo(limits.maximumMessageSize());
      }
    }
    return new Outcome(messages, null);
  }

  /**
   * One call of {@code parseMessages}, checked.
   *
   * @param bind whether to bind and write back every payload value too
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
    int frames = framesBetween(input, start, end);
    assertThat(out.size()).as("one message per frame at most").isLessThanOrEqualTo(frames);
    checkRest(input, limits, failure, end > start);
    parsed.addAll(out);
    if (bind) {
      for (HubMessage message : out) {
        checkWritesBack(message, limits);
        bindPayloads(message);
      }
    }
    return failure == null ? null
        : failure.getClass().getSimpleName() + ": " + failure.getMessage();
  }

  /** How many whole frames lie from {@code from} to {@code to}, which must end on a frame. */
  private static int framesBetween(ByteBuffer input, int from, int to) {
    int count = 0;
    int at = from;
    while (at < to) {
      long size = frameSize(input, at);
      assertThat(size).as("only whole frames are consumed").isPositive();
      at += (int) size;
      count++;
    }
    assertThat(at).as("only whole frames are consumed").isEqualTo(to);
    return count;
  }

  /**
   * What must be true of the bytes the parse stopped at.
   *
   * @param moved whether the parse consumed any frame
   */
  private static void checkRest(ByteBuffer input, MessageLimits limits,
      InvalidMessageException failure, boolean moved) {
    long max = limits.maximumMessageSize();
    int rest = input.remaining();
    long size = rest == 0 ? -1 : frameSize(input, input.position());
    if (failure == null) {
      assertThat(size <= 0 || size > rest).as("every complete frame was parsed").isTrue();
      assertThat(size == -2).as("no invalid prefix is left waiting").isFalse();
      if (max > 0) {
        assertThat(size <= max).as("no frame over the limit is left waiting").isTrue();
        assertThat(size > 0 || rest < max).as("an incomplete prefix waits within the limit")
            .isTrue();
      }
    } else if (failure instanceof MessageTooLargeException) {
      assertThat(max).isPositive();
      assertThat(size > max || size == -2 || (size == -1 && rest >= max))
          .as("too large means over the limit").isTrue();
    } else if (failure.getMessage().equals("Messages over 2GB in size are not supported.")) {
      assertThat(size).as("the position stays at the bad prefix").isEqualTo(-2);
    } else {
      assertThat(moved).as("an invalid frame is consumed").isTrue();
    }
  }

  /**
   * The size of the frame at {@code at}, prefix included: -1 when its prefix is incomplete, -2
   * when the prefix is over 2 GB.
   */
  private static long frameSize(ByteBuffer input, int at) {
    long length = 0;
    for (int i = 0; i < 5; i++) {
      if (at + i >= input.limit()) {
        return -1;
      }
      int b = input.get(at + i) & 0xFF;
      length |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        return length > Integer.MAX_VALUE ? -2 : i + 1 + length;
      }
    }
    return -2;
  }

  /** A parsed message can be written (a server relays client results) and reads back the same. */
  private static void checkWritesBack(HubMessage message, MessageLimits limits) {
    byte[] written = PROTOCOL.writeMessage(message);
    List<HubMessage> again = new ArrayList<>();
    MessageLimits anySize = new MessageLimits(0, limits.maximumNestingDepth(),
        limits.maximumArgumentCount());
    try {
      PROTOCOL.parseMessages(ByteBuffer.wrap(written), anySize, again);
    } catch (InvalidMessageException e) {
      throw new AssertionError("what was written does not parse: " + TestBytes.hex(written), e);
    }
    assertThat(again).hasSize(1);
    assertThat(TestBytes.hex(PROTOCOL.writeMessage(again.get(0))))
        .as("writing is stable").isEqualTo(TestBytes.hex(written));
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
        assertThat(unbound.toString()).isNotNull();
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
