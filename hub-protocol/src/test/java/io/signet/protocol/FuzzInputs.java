package io.signet.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Inputs for the protocol fuzzers: valid JSON hub messages and handshakes in any property order,
 * JSON values, huge numbers, invalid UTF-8, and mutations that damage valid bytes the way broken
 * or hostile peers do.
 */
final class FuzzInputs {
  static final byte RS = 0x1E;

  private FuzzInputs() {}

  /** Byte sequences that are not UTF-8: stray continuations, overlongs, surrogates, 0xFF. */
  static final List<byte[]> INVALID_UTF8 = List.of(
      new byte[] {(byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0x80},
      new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xE2, (byte) 0x82},
      new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90,
          (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xFE},
      new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80});

  /** Fragments that steer a mutation towards the parser's corners. */
  private static final List<String> TOKENS = List.of("{", "}", "[", "]", "\"", "\\", ":", ",",
      "\\u", "\\ud800", "null", "true", "-", "0", "1e999999999", "-0.0e-0", "9".repeat(40),
      "\"type\":", "\"arguments\":", "\"invocationId\":", "\"item\":", "\"result\":",
      "\"headers\":{", "\"streamIds\":[", "\u0000", "\t", "\u001e", "\"\u00e9\ud83d\ude00\"");

  /**
   * Numbers far beyond long and double: up to 1,200 digits (Jackson refuses more than 1,000),
   * huge exponents, long fractions.
   */
  static Arbitrary<String> hugeNumbers() {
    return Arbitraries.randoms().map(FuzzInputs::hugeNumber);
  }

  static String hugeNumber(Random random) {
    StringBuilder out = new StringBuilder(random.nextBoolean() ? "" : "-")
        .append((char) ('1' + random.nextInt(9)));
    int digits = random.nextInt(1200);
    for (int i = 0; i < digits; i++) {
      out.append((char) ('0' + random.nextInt(10)));
    }
    out.append(pick(random, "", ".5", ".000000000000000000001", "." + "3".repeat(700)));
    return out.append(pick(random, "", "e999999999", "E-999999999", "e+308", "e2147483648", "e-7"))
        .toString();
  }

  // Inputs are built from one Random per case rather than from jqwik's combinators: a case then
  // costs microseconds, which a run of a million cases needs. jqwik still seeds each Random, so a
  // failure is reproduced from its seed; the failing bytes are reported as they are.

  /** Valid JSON hub messages (without separator), properties shuffled, some with headers. */
  static Arbitrary<String> validMessages() {
    return Arbitraries.randoms().map(FuzzInputs::validMessage);
  }

  /** Valid handshake requests, with extra properties and in any order. */
  static Arbitrary<String> validHandshakes() {
    return Arbitraries.randoms().map(random -> {
      List<String> all = new ArrayList<>(List.of(
          "\"protocol\":" + quote(pick(random, "json", "messagepack", "x")),
          "\"version\":" + random.nextInt(4)));
      for (int i = random.nextInt(3); i > 0; i--) {
        all.add("\"extra" + i + "\":" + jsonValue(random, 2));
      }
      Collections.shuffle(all, random);
      return "{" + String.join(",", all) + "}";
    });
  }

  /** One to four valid messages, each followed by the separator, as bytes. */
  static Arbitrary<byte[]> validStreams() {
    return Arbitraries.randoms().map(random -> {
      StringBuilder out = new StringBuilder();
      for (int i = 1 + random.nextInt(4); i > 0; i--) {
        out.append(validMessage(random)).append('\u001e');
      }
      return out.toString().getBytes(UTF_8);
    });
  }

  static String validMessage(Random random) {
    List<String> all = messageProperties(random);
    if (random.nextInt(4) == 0) {
      List<String> headers = new ArrayList<>();
      for (int i = random.nextInt(3); i > 0; i--) {
        headers.add(quote(text(random, 5)) + ":" + quote(text(random, 5)));
      }
      all.add("\"headers\":{" + String.join(",", headers) + "}");
    }
    Collections.shuffle(all, random);
    return "{" + String.join(",", all) + "}";
  }

  /** The properties of a valid message of a random type, as "name":value pairs. */
  private static List<String> messageProperties(Random random) {
    String id = "\"invocationId\":" + quote(random.nextBoolean()
        ? String.valueOf(random.nextInt(1000)) : 'i' + text(random, 5));
    String target = "\"target\":" + quote("m" + text(random, 7));
    String arguments = "\"arguments\":" + array(random, 4, () -> jsonValue(random, 2));
    String sequence = "\"sequenceId\":" + (random.nextLong() & Long.MAX_VALUE);
    int type = 1 + random.nextInt(9);
    switch (type) {
      case 1:
        String streams = "\"streamIds\":" + array(random, 3, () -> quote(text(random, 3)));
        return new ArrayList<>(List.of("\"type\":1", id, target, arguments, streams));
      case 2:
        return new ArrayList<>(List.of("\"type\":2", id, "\"item\":" + jsonValue(random, 2)));
      case 3:
        return new ArrayList<>(List.of("\"type\":3", id, random.nextBoolean()
            ? "\"result\":" + jsonValue(random, 2) : "\"error\":" + quote("e" + text(random, 6))));
      case 4:
        return new ArrayList<>(List.of("\"type\":4", id, target, arguments));
      case 5:
        return new ArrayList<>(List.of("\"type\":5", id));
      case 6:
        return new ArrayList<>(List.of("\"type\":6"));
      case 7:
        return new ArrayList<>(List.of("\"type\":7",
            pick(random, "\"allowReconnect\":true", "\"error\":\"bye\"")));
      default:
        return new ArrayList<>(List.of("\"type\":" + type, sequence));
    }
  }

  /** Any JSON value that Jackson accepts, nesting at most {@code depth} arrays and objects. */
  static String jsonValue(Random random, int depth) {
    int kind = random.nextInt(depth > 0 ? 10 : 8);
    switch (kind) {
      case 0:
      case 1:
        return quote(text(random, 12));
      case 2:
        return String.valueOf(random.nextInt());
      case 3:
        return String.valueOf(random.nextLong());
      case 4:
        return String.valueOf(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
      case 5: // beyond long, within Jackson's 1,000 digits
        return new BigInteger(random.nextInt(300) + 64, random).toString();
      case 6:
      case 7:
        return pick(random, "true", "false", "null", "0", "-0", "1.5e3", "[]", "{}", "-1E-7");
      case 8:
        return array(random, 4, () -> jsonValue(random, depth - 1));
      default:
        List<String> members = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          members.add(quote(text(random, 4)) + ":" + jsonValue(random, depth - 1));
        }
        return "{" + String.join(",", members) + "}";
    }
  }

  private static String array(Random random, int max, java.util.function.Supplier<String> item) {
    List<String> items = new ArrayList<>();
    for (int i = random.nextInt(max + 1); i > 0; i--) {
      items.add(item.get());
    }
    return "[" + String.join(",", items) + "]";
  }

  /** Text of up to {@code max} characters: ASCII, controls, accents, CJK and emoji. */
  static String text(Random random, int max) {
    StringBuilder out = new StringBuilder();
    for (int i = random.nextInt(max + 1); i > 0; i--) {
      switch (random.nextInt(6)) {
        case 0:
          out.append((char) random.nextInt(0x20));
          break;
        case 1:
          out.append((char) (0xA0 + random.nextInt(0x700)));
          break;
        case 2:
          out.append((char) (0x4E00 + random.nextInt(0x5000)));
          break;
        case 3:
          out.appendCodePoint(0x1F600 + random.nextInt(0x50));
          break;
        default:
          out.append((char) (0x20 + random.nextInt(0x5F)));
      }
    }
    return out.toString();
  }

  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static String pick(Random random, String... choices) {
    return choices[random.nextInt(choices.length)];
  }

  /** {@code base} damaged by one to eight random edits. */
  static Arbitrary<byte[]> mutated(Arbitrary<byte[]> base) {
    return Combinators.combine(base, Arbitraries.randoms(), Arbitraries.integers().between(1, 8))
        .as(FuzzInputs::mutate);
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
    switch (random.nextInt(7)) {
      case 0: // flip a bit
        if (bytes.length > 0) {
          byte[] copy = bytes.clone();
          int i = random.nextInt(bytes.length);
          copy[i] ^= (byte) (1 << random.nextInt(8));
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
      case 3:
        return splice(bytes, at, 0, INVALID_UTF8.get(random.nextInt(INVALID_UTF8.size())));
      case 4:
        return splice(bytes, at, 0, new byte[] {RS});
      case 5: // a random byte
        return splice(bytes, at, random.nextInt(2) == 0 || at == bytes.length ? 0 : 1,
            new byte[] {(byte) random.nextInt(256)});
      default:
        return splice(bytes, at, 0, TOKENS.get(random.nextInt(TOKENS.size())).getBytes(UTF_8));
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
    return Combinators.combine(Arbitraries.of(0L, 1L, 2L, 16L, 64L, 256L, 32768L),
            Arbitraries.of(1, 2, 3, 5, 64, 200), Arbitraries.of(0, 1, 2, 64))
        .as(MessageLimits::new);
  }
}
