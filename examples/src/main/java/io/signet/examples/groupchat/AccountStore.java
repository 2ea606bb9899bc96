package io.signet.examples.groupchat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/**
 * Accounts: a name and a password hash. Names are unique regardless of case ("alice" and "Alice"
 * are one name, kept as first written); signing up and signing in are apart, so a mistyped name
 * never creates an account. Thread-safe.
 */
final class AccountStore {
  /** What a sign-in attempt came to. */
  enum Outcome {
    /** The name exists and the password matched. */
    SIGNED_IN,
    /** There is no account of that name. */
    NO_ACCOUNT,
    /** The name exists and the password did not match. */
    WRONG_PASSWORD
  }

  /**
   * What {@link #signIn} came to.
   *
   * @param name the account's name as it was written at sign-up, or the one given if none
   */
  record SignIn(Outcome outcome, String name) {}

  private final ChatDatabase database;
  private final PasswordHasher hasher;
  private final Clock clock;

  AccountStore(ChatDatabase database, PasswordHasher hasher, Clock clock) {
    this.database = database;
    this.hasher = hasher;
    this.clock = clock;
  }

  /** The key names are compared by: the same for names that differ only in case. */
  static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** Checks {@code password} for the account of {@code name}, in any case. */
  SignIn signIn(String name, String password) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement select = connection.prepareStatement(
            "SELECT name, password_hash FROM accounts WHERE name_key = ?")) {
      select.setString(1, key(name));
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          // The same work as a wrong password, so that the time taken does not tell.
          hasher.hash(password);
          return new SignIn(Outcome.NO_ACCOUNT, name);
        }
        return new SignIn(hasher.matches(password, row.getString(2))
            ? Outcome.SIGNED_IN : Outcome.WRONG_PASSWORD, row.getString(1));
      }
    }
  }

  /**
   * Creates the account of {@code name}.
   *
   * @return the name, or empty if it is taken, in any case
   */
  Optional<String> signUp(String name, String password) throws SQLException {
    String hash = hasher.hash(password);
    try (Connection connection = database.connection()) {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT 1 FROM accounts WHERE name_key = ?")) {
        select.setString(1, key(name));
        try (ResultSet row = select.executeQuery()) {
          if (row.next()) {
            return Optional.empty();
          }
        }
      }
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO accounts (name, name_key, password_hash, created_at) VALUES (?, ?, ?, ?)")) {
        insert.setString(1, name);
        insert.setString(2, key(name));
        insert.setString(3, hash);
        insert.setObject(4, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
        insert.executeUpdate();
        return Optional.of(name);
      } catch (SQLIntegrityConstraintViolationException e) {
        // Someone took the name at the same moment.
        return Optional.empty();
      }
    }
  }
}
