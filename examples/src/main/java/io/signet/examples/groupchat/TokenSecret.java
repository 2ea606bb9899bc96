package io.signet.examples.groupchat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key tokens are signed with, and where it came from. Given on the command line it is used as
 * is; otherwise a random one is generated on first start and kept in the data directory
 * ({@value #FILE_NAME}, readable by its owner only), so that tokens, like the messages, survive a
 * restart.
 *
 * @param key the HMAC key
 * @param origin where the key came from, for the startup message; never the key itself
 */
record TokenSecret(byte[] key, String origin) {
  /** The file in the data directory that holds a generated key. */
  static final String FILE_NAME = "token-secret";

  private static final int GENERATED_BYTES = 32;

  /**
   * The given secret, or the one kept in {@code dataDirectory} (generated if missing).
   *
   * @param given the secret from the command line, or {@code null}
   * @throws IllegalArgumentException if {@code given} is shorter than 32 characters
   */
  static TokenSecret resolve(String given, Path dataDirectory) {
    if (given != null) {
      byte[] key = given.getBytes(StandardCharsets.UTF_8);
      if (key.length < 32) {
        throw new IllegalArgumentException(
            "--token-secret needs at least 32 characters (HMAC-SHA256 keys are 32 bytes)");
      }
      return new TokenSecret(key, "given with --token-secret");
    }
    Path file = dataDirectory.toAbsolutePath().normalize().resolve(FILE_NAME);
    try {
      if (Files.exists(file)) {
        return new TokenSecret(read(file), "read from " + file);
      }
      byte[] key = new byte[GENERATED_BYTES];
      new SecureRandom().nextBytes(key);
      if (create(file, key)) {
        return new TokenSecret(key, "generated and stored in " + file);
      }
      // Another server sharing the directory, started at the same moment, stored its key first.
      return new TokenSecret(read(file), "read from " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the token secret " + file, e);
    }
  }

  private static byte[] read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
    try {
      byte[] key = Base64.getUrlDecoder().decode(text);
      if (key.length >= 32) {
        return key;
      }
    } catch (IllegalArgumentException e) {
      // Reported below, with the file named.
    }
    throw new IllegalStateException(file + " does not hold a base64url key of 32 bytes or more;"
        + " delete it to generate a new one (signing everybody out)");
  }

  /**
   * Stores {@code key} in {@code file} unless the file exists by then; {@code false} if it did.
   * The key is written to a file of its own first and then linked into place, which fails if the
   * name is taken: servers sharing the data directory never see a half-written file, nor each
   * keep a key of their own.
   */
  private static boolean create(Path file, byte[] key) throws IOException {
    Path directory = Files.createDirectories(file.getParent());
    Path temporary;
    try {
      temporary = Files.createTempFile(directory, "." + FILE_NAME + "-", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): the directory's ACLs apply.
      temporary = Files.createTempFile(directory, "." + FILE_NAME + "-", ".tmp");
    }
    try {
      String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
      Files.writeString(temporary, encoded + "\n", StandardCharsets.US_ASCII);
      try {
        Files.createLink(file, temporary);
      } catch (FileAlreadyExistsException taken) {
        return false;
      } catch (UnsupportedOperationException | FileSystemException noLinks) {
        // No hard links here: a rename that refuses an existing target comes next best.
        Files.move(temporary, file);
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
