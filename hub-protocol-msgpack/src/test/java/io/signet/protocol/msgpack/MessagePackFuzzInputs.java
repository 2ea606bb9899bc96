package io.signet.protocol.msgpack;

import io.signet.protocol.MessageLimits;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Inputs for the MessagePack protocol fuzzer: valid message bodies of every type and shape (both
 * clients' element counts, extra elements, every integer and header width), MessagePack values of
 * every kind, and mutations that damage framed bytes the way broken or hostile peers do.
 *
 * <p>Inputs are built from one {@link Random} per case rather than from jqwik's combinators: a case
 * then costs microseconds, which a run of a million cases needs. jqwik still seeds each Random, so
 * a failure is reproduced from its seed.
 */
final class MessagePackFuzzInputs {
  private MessagePackFuzzInputs() {}

  /** Fragments that steer a mutation towards the parser's corners: lengths, codes, prefixes. */
  private static final List<byte[]> TOKENS = List.of(
      TestBytes.hex("C1"), TestBytes.hex("C0"), TestBytes.hex("DD FF FF FF FF"),
      TestBytes.hex("DB 7F FF FF FF"), TestBytes.hex("DF 00 01 00 00"), TestBytes.hex("C7 FF FF"),
      TestBytes.hex("C9 FF FF FF FF 00"), TestBytes.hex("D6 FF"), TestBytes.hex("80"),
      TestBytes.hex("9F"), TestBytes.hex("8F"), TestBytes.hex("91 91 91 91"),
      TestBytes.hex("FF FF FF FF 0F"), TestBytes.hex("FF FF FF FF 07"), TestBytes.hex("80 80"),
      TestBytes.hex("00"), TestBytes.hex("CF FF FF FF FF FF FF FF FF"), TestBytes.hex("A0"),
      TestBytes.hex("D9 FF"), TestBytes.hex("91 06"), TestBytes.hex("C3"));

  /** One to four valid framed messages. */
  static Arbitrary<byte[]> validStreams() {
    return Arbitraries.randoms().map(random -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 1 + random.nextInt(4); i > 0; i--) {
        byte[] framed = TestBytes.frame(validBody(random));
        out.write(framed, 0, framed.length);
      }
      return out.toByteArray();
    });
  }

  /** Valid message bodies, unframed. */
  static Arbitrary<byte[]> validBodies() {
    return Arbitraries.randoms().map(MessagePackFuzzInputs::validBody);
  }

  static byte[] validBody(Random random) {
    TestPacker p = new TestPacker();
    int type = random.nextInt(12) == 0 ? 10 + random.nextInt(100) : 1 + random.nextInt(9);
    int extra = random.nextInt(6) == 0 ? 1 + random.nextInt(3) : 0;
    switch (type) {
      case 1, 4 -> {
        // Extra elements come after StreamIds, which must then be there.
        boolean streams = extra > 0 || random.nextInt(3) > 0;
        p.array((streams ? 6 : 5) + extra, width(random));
        p.integer(type, width(random), random.nextBoolean());
        headers(random, p);
        if (type == 1 && random.nextInt(3) == 0) {
          p.nil();
        } else {
          p.string(id(random), width(random));
        }
        p.string("m" + text(random, 6), width(random));
        int count = random.nextInt(5);
        p.array(count, width(random));
        for (int i = 0; i < count; i++) {
          value(random, p, 3);
        }
        if (streams) {
          int ids = random.nextInt(3);
          p.array(ids, width(random));
          for (int i = 0; i < ids; i++) {
            p.string(id(random), width(random));
          }
        }
      }
      case 2 -> {
        start(random, p, 4 + extra, type);
        value(random, p, 3);
      }
      case 3 -> completion(random, p, extra);
      case 5 -> start(random, p, 3 + extra, type);
      case 6 -> p.array(1 + extra, width(random)).integer(6, width(random), random.nextBoolean());
      case 7 -> {
        boolean flag = extra > 0 || random.nextBoolean(); // extra elements come after it
        p.array((flag ? 3 : 2) + extra, width(random)).integer(7, 0, false);
        if (random.nextBoolean()) {
          p.nil();
        } else {
          p.string("e" + text(random, 8), width(random));
        }
        if (flag) {
          p.bool(random.nextBoolean());
        }
      }
      case 8, 9 -> p.array(2 + extra, width(random)).integer(type, 0, false)
          .integer(random.nextLong() & Long.MAX_VALUE, 8, random.nextBoolean());
      default -> {
        p.array(1 + extra, width(random)).integer(type, width(random), false);
      }
    }
    for (int i = 0; i < extra; i++) {
      value(random, p, 2);
    }
    return p.toByteArray();
  }

  private static void completion(Random random, TestPacker p, int extra) {
    int kind = 1 + random.nextInt(3);
    start(random, p, (kind == 2 ? 4 : 5) + extra, 3);
    p.integer(kind, width(random), random.nextBoolean());
    if (kind == 1) {
      p.string("e" + text(random, 10), width(random));
    } else if (kind == 3) {
      value(random, p, 2);
    }
  }

  /** The array header, type, headers and a non-empty invocation id. */
  private static void start(Random random, TestPacker p, int elements, int type) {
    p.array(elements, width(random)).integer(type, width(random), random.nextBoolean());
    headers(random, p);
    p.string(id(random), width(random));
  }

  private static void headers(Random random, TestPacker p) {
    int count = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0;
    p.map(count, width(random));
    for (int i = 0; i < count; i++) {
      p.string("k" + i + text(random, 4), width(random)).string("v" + text(random, 5));
    }
  }

  /** Any MessagePack value, nesting at most {@code depth} arrays and maps below this level. */
  static void value(Random random, TestPacker p, int depth) {
    switch (random.nextInt(depth > 0 ? 14 : 12)) {
      case 0, 1 -> p.string(text(random, 12), width(random));
      case 2 -> p.integer(random.nextInt(), width(random), true);
      case 3 -> p.integer(random.nextLong(), 8, random.nextBoolean());
      case 4 -> p.integer(random.nextInt(200) - 40, 0, false);
      case 5 -> p.float64(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
      case 6 -> p.float32(random.nextFloat());
      case 7 -> p.binary(bytes(random, 8), width(random));
      case 8 -> p.extension(random.nextBoolean() ? -1 : random.nextInt(256) - 128,
          random.nextBoolean() ? timestamp(random) : bytes(random, 17));
      case 9 -> p.nil();
      case 10 -> p.bool(random.nextBoolean());
      case 11 -> p.string(pick(random, "RED", "GREEN", "BLUE", "2024-01-02T03:04:05Z",
          "1.5", "123e4567-e89b-12d3-a456-426614174000", ""), 0);
      case 12 -> {
        int count = random.nextInt(4);
        p.array(count, width(random));
        for (int i = 0; i < count; i++) {
          value(random, p, depth - 1);
        }
      }
      default -> {
        int count = random.nextInt(4);
        p.map(count, width(random));
        for (int i = 0; i < count; i++) {
          if (random.nextInt(5) == 0) {
            value(random, p, 0); // keys need not be strings in MessagePack
          } else {
            p.string(pick(random, "name", "age", "favourite", "a", "n", text(random, 4)), 0);
          }
          value(random, p, depth - 1);
        }
      }
    }
  }

  private static byte[] timestamp(Random random) {
    Instant instant = Instant.ofEpochSecond(random.nextInt() & 0x7FFFFFFFL,
        random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));
    return Timestamps.encode(random.nextInt(10) == 0
        ? Instant.ofEpochSecond(-random.nextInt(1_000_000), 0) : instant);
  }

  /** 0 (the shortest form) most of the time, else a wider one. */
  private static int width(Random random) {
    return random.nextInt(4) > 0 ? 0 : 1 << (1 + random.nextInt(2));
  }

  static String id(Random random) {
    return random.nextBoolean() ? String.valueOf(random.nextInt(1000)) : "i" + text(random, 5);
  }

  /** Text of up to {@code max} characters: ASCII, controls, accents, CJK and emoji. */
  static String text(Random random, int max) {
    StringBuilder out = new StringBuilder();
    for (int i = random.nextInt(max + 1); i > 0; i--) {
      switch (random.nextInt(6)) {
        case 0 -> out.append((char) random.nextInt(0x20));
        case 1 -> out.append((char) (0xA0 + random.nextInt(0x700)));
        case 2 -> out.append((char) (0x4E00 + random.nextInt(0x5000)));
        case 3 -> out.appendCodePoint(0x1F600 + random.nextInt(0x50));
        default -> out.append((char) (0x20 + random.nextInt(0x5F)));
      }
    }
    return out.toString();
  }

  private static byte[] bytes(Random random, int max) {
    byte[] bytes = new byte[random.nextInt(max + 1)];
    random.nextBytes(bytes);
    return bytes;
  }

  private static String pick(Random random, String... choices) {
    return choices[random.nextInt(choices.length)];
  }

  /** {@code base} damaged by one to eight random edits. */
  static Arbitrary<byte[]> mutated(Arbitrary<byte[]> base) {
    return Combinators.combine(base, Arbitraries.randoms(), Arbitraries.integers().between(1, 8))
        .as(MessagePackFuzzInputs::mutate);
  }

  static byte[] mutate(byte[] original, Random random, int edits) {
    byte[] bytes = original;
    for (int i = 0; i < edits; i++) {
      bytes = mutateOnce(bytes, random);
    }
    return bytes;
  }

  private static byte[] mutateOnce(byte[] bytes, Random random) {
    int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
    switch (random.nextInt(6)) {
      case 0: // flip a bit
        if (bytes.length > 0) {
          byte[] copy = bytes.clone();
          copy[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
          return copy;
        }
        return bytes;
      case 1: // delete a range
        return splice(bytes, at, Math.min(bytes.length - at, 1 + random.nextInt(8)), new byte[0]);
      case 2: // duplicate a range
        int length = Math.min(bytes.length - at, 1 + random.nextInt(16));
        byte[] range = new byte[length];
        System.arraycopy(bytes, at, range, 0, length);
        return splice(bytes, at, 0, range);
      case 3: // replace a byte with a random one, or insert it
        return splice(bytes, at, random.nextBoolean() && at < bytes.length ? 1 : 0,
            new byte[] {(byte) random.nextInt(256)});
      case 4: // overwrite with a token
        byte[] token = TOKENS.get(random.nextInt(TOKENS.size()));
        return splice(bytes, at, Math.min(bytes.length - at, token.length), token);
      default:
        return splice(bytes, at, 0, TOKENS.get(random.nextInt(TOKENS.size())));
    }
  }

  /** {@code bytes} with {@code removed} bytes at {@code at} replaced by {@code inserted}. */
  static byte[] splice(byte[] bytes, int at, int removed, byte[] inserted) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + inserted.length);
    out.write(bytes, 0, at);
    out.write(inserted, 0, inserted.length);
    out.write(bytes, at + removed, bytes.length - at - removed);
    return out.toByteArray();
  }

  /** Limits from none to tight, so that every limit is hit somewhere. */
  static Arbitrary<MessageLimits> limits() {
    return Combinators.combine(Arbitraries.of(0L, 1L, 2L, 3L, 6L, 16L, 64L, 256L, 32768L),
            Arbitraries.of(1, 2, 3, 5, 64, 200), Arbitraries.of(0, 1, 2, 64))
        .as(MessageLimits::new);
  }
}
