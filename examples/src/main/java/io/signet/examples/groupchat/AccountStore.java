package io.signet.examples.groupchat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Accounts: a name and a password hash. Signing in with a name nobody has yet creates the account
 * (the demo has no separate sign-up page). Thread-safe.
 */
final class AccountStore {
  /** What a sign-in attempt came to. */
  enum SignIn {
    /** The name was new: the account now exists with this password. */
    CREATED,
    /** The name exists and the password matched. */
    SIGNED_IN,
    /** The name exists and the password did not match. */
    WRONG_PASSWORD
  }

  private final ChatDatabase database;
  private final PasswordHasher hasher;
  private final Clock clock;

  AccountStore(ChatDatabase database, PasswordHasher hasher, Clock clock) {
    this.database = database;
    this.hasher = hasher;
    this.clock = clock;
  }

  /** Checks {@code password} for {@code name}, creating the account if the name is new. */
  SignIn signIn(String name, String password) throws SQLException {
    String stored = passwordHash(name);
    if (stored == null) {
      if (create(name, hasher.hash(password))) {
        return SignIn.CREATED;
      }
      // Someone created the same name at the same moment: theirs stands, check against it.
      stored = passwordHash(name);
    }
    return hasher.matches(password, stored) ? SignIn.SIGNED_IN : SignIn.WRONG_PASSWORD;
  }

  private String passwordHash(String name) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement select = connection.prepareStatement(
            "SELECT password_hash FROM accounts WHERE name = ?")) {
      select.setString(1, name);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getString(1) : null;
      }
    }
  }

  private boolean create(String name, String passwordHash) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO accounts (name, password_hash, created_at) VALUES (?, ?, ?)")) {
      insert.setString(1, name);
      insert.setString(2, passwordHash);
      insert.setObject(3, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
      insert.executeUpdate();
      return true;
    } catch (SQLIntegrityConstraintViolationException e) {
      return false;
    }
  }
}
