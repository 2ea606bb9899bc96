package io.signet.examples.groupchat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slows sign-in attempts down, so that passwords cannot be guessed at speed and the password
 * hashing (about 0.1 s of CPU per attempt) cannot be used to load the server:
 *
 * <ul>
 *   <li>per client address ({@link #PER_ADDRESS}): every attempt counts, since every one costs a
 *       hash. IPv6 clients count per /64, the block one subscriber usually holds;
 *   <li>per account name ({@link #PER_NAME}): attempts that sign in are given back, so only wrong
 *       passwords use the allowance up, from whatever addresses they come. A name that is being
 *       guessed is slowed down for its owner too: the price of stopping the guessing.
 * </ul>
 *
 * <p>Each limit is a token bucket: {@code burst} attempts at once, then one more per
 * {@code refill}. An attempt over a limit is refused with the time until the next one is allowed
 * (the servlet answers {@code 429} with {@code Retry-After}).
 *
 * <p>Memory is fixed, whatever clients send: each limit is a table of {@link #SLOTS} buckets, and
 * an address or name uses the slot that a keyed hash of it picks. Nothing is stored per key, so a
 * flood of made-up names or addresses neither grows memory nor evicts the record of a name under
 * attack. Two keys in one slot share its bucket, so a key may be slowed by another's attempts,
 * never allowed more than its own; the hash key is random per process, so nobody can aim their
 * attempts at someone else's slot. Behind a reverse proxy every client has the proxy's address:
 * the per-address limit then applies to all of them together.
 *
 * <p>Thread-safe.
 */
final class SignInThrottle {
  /**
   * A token bucket's size.
   *
   * @param burst attempts allowed at once
   * @param refill the time after which one more is allowed
   */
  record Limit(int burst, Duration refill) {
    Limit {
      if (burst < 1 || refill.isNegative() || refill.isZero()) {
        throw new IllegalArgumentException("burst < 1 or refill <= 0");
      }
    }
  }

  /** 20 attempts, then one every 3 s (20 a minute) per address or IPv6 /64. */
  static final Limit PER_ADDRESS = new Limit(20, Duration.ofSeconds(3));
  /** 5 wrong passwords, then one every 60 s per account name. */
  static final Limit PER_NAME = new Limit(5, Duration.ofMinutes(1));
  /** Buckets per limit: 4096 × 8 bytes, 32 KiB each. */
  static final int SLOTS = 4096;

  private final Buckets addresses;
  private final Buckets names;
  private final byte[] hashKey;
  private final Clock clock;

  /** The default limits, with a random hash key. */
  SignInThrottle(Clock clock) {
    this(clock, randomKey());
  }

  /** The default limits with a given hash key: tests need the same slots every run. */
  SignInThrottle(Clock clock, byte[] hashKey) {
    this.addresses = new Buckets(PER_ADDRESS);
    this.names = new Buckets(PER_NAME);
    this.clock = clock;
    this.hashKey = hashKey.clone();
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  /**
   * Counts an attempt from {@code address} (an IP literal, as the servlet API gives it).
   *
   * @return {@link Duration#ZERO} if it may go ahead, else how long until one may
   */
  Duration tryAddress(String address) {
    return addresses.take(slot("address:" + addressKey(address)), clock.millis());
  }

  /**
   * Counts an attempt on account {@code name}; give it back with {@link #signedIn} if the
   * password was right.
   *
   * @return {@link Duration#ZERO} if it may go ahead, else how long until one may
   */
  Duration tryName(String name) {
    return names.take(slot("name:" + name), clock.millis());
  }

  /** Gives back the attempt that {@link #tryName} counted: right passwords do not use it up. */
  void signedIn(String name) {
    names.giveBack(slot("name:" + name), clock.millis());
  }

  /** IPv6 addresses by their /64: one subscriber gets a whole /64 and can use all of it. */
  static String addressKey(String address) {
    try {
      // A literal, as getRemoteAddr() returns: no name lookup happens.
      InetAddress parsed = InetAddress.getByName(address);
      if (parsed instanceof Inet6Address) {
        return Arrays.toString(Arrays.copyOf(parsed.getAddress(), 8)) + "/64";
      }
      return parsed.getHostAddress();
    } catch (UnknownHostException e) {
      return address;
    }
  }

  private int slot(String key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(hashKey, "HmacSHA256"));
      byte[] hash = mac.doFinal(key.getBytes(StandardCharsets.UTF_8));
      return Math.floorMod(ByteBuffer.wrap(hash).getInt(), SLOTS);
    } catch (GeneralSecurityException e) {
      // Every Java runtime has HmacSHA256.
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * {@link #SLOTS} token buckets, each kept as the time at which it is full again (the generic
   * cell rate algorithm): one {@code long} per bucket, no timer. Guarded by itself.
   */
  private static final class Buckets {
    private final long refillMillis;
    private final long burstMillis;
    private final long[] fullAt = new long[SLOTS]; // 0: full

    Buckets(Limit limit) {
      this.refillMillis = limit.refill().toMillis();
      this.burstMillis = limit.burst() * refillMillis;
    }

    synchronized Duration take(int slot, long now) {
      long after = Math.max(fullAt[slot], now) + refillMillis;
      if (after - now > burstMillis) {
        return Duration.ofMillis(after - now - burstMillis);
      }
      fullAt[slot] = after;
      return Duration.ZERO;
    }

    synchronized void giveBack(int slot, long now) {
      fullAt[slot] = Math.max(now, fullAt[slot] - refillMillis);
    }
  }
}
