package io.signet.examples.groupchat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The messages of all groups, in the order they were saved. Thread-safe. */
final class MessageStore {
  private static final String COLUMNS = "id, group_id, user_name, body, sent_at, client_id";

  /**
   * What {@link #save} came to.
   *
   * @param message the message as saved
   * @param created {@code false} when the sender had saved it before under the same client id
   */
  record Saved(MessageDto message, boolean created) {}

  private final ChatDatabase database;
  private final Clock clock;

  MessageStore(ChatDatabase database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /**
   * Saves a message and returns it as the clients will see it. A message that {@code user} has
   * sent before with the same {@code clientId} is not saved again: that one is returned.
   *
   * @param clientId the sender's id of the message, or {@code null}
   */
  Saved save(long groupId, String user, String text, String clientId) throws SQLException {
    // Whole milliseconds: what the database keeps is what the sender is told.
    Instant sentAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    try (Connection connection = database.connection()) {
      if (clientId != null) {
        Optional<MessageDto> earlier = byClientId(connection, user, clientId);
        if (earlier.isPresent()) {
          return new Saved(earlier.get(), false);
        }
      }
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO messages (group_id, user_name, body, sent_at, client_id)"
              + " VALUES (?, ?, ?, ?, ?)", new String[] {"id"})) {
        insert.setLong(1, groupId);
        insert.setString(2, user);
        insert.setString(3, text);
        insert.setObject(4, OffsetDateTime.ofInstant(sentAt, ZoneOffset.UTC));
        insert.setString(5, clientId);
        insert.executeUpdate();
        return new Saved(new MessageDto(GroupStore.generatedId(insert), groupId, user, text,
            sentAt.toString(), clientId), true);
      } catch (SQLIntegrityConstraintViolationException e) {
        // The same message, sent twice at once (a retry overtaking the first attempt): the
        // other one saved it.
        if (clientId == null) {
          throw e;
        }
        return new Saved(byClientId(connection, user, clientId).orElseThrow(() -> e), false);
      }
    }
  }

  private static Optional<MessageDto> byClientId(Connection connection, String user,
      String clientId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT " + COLUMNS + " FROM messages WHERE user_name = ? AND client_id = ?")) {
      select.setString(1, user);
      select.setString(2, clientId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(message(row)) : Optional.empty();
      }
    }
  }

  /** The last {@code limit} messages of the group with ids below {@code before}, oldest first. */
  List<MessageDto> before(long groupId, long before, int limit) throws SQLException {
    return query("SELECT * FROM (SELECT " + COLUMNS + " FROM messages"
        + " WHERE group_id = ? AND id < ? ORDER BY id DESC LIMIT ?) ORDER BY id",
        groupId, before, limit);
  }

  /** The first {@code limit} messages of the group with ids above {@code after}, oldest first. */
  List<MessageDto> after(long groupId, long after, int limit) throws SQLException {
    return query("SELECT " + COLUMNS + " FROM messages WHERE group_id = ? AND id > ?"
        + " ORDER BY id LIMIT ?", groupId, after, limit);
  }

  private List<MessageDto> query(String sql, long groupId, long bound, int limit)
      throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setLong(1, groupId);
      select.setLong(2, bound);
      select.setInt(3, limit);
      try (ResultSet rows = select.executeQuery()) {
        List<MessageDto> messages = new ArrayList<>();
        while (rows.next()) {
          messages.add(message(rows));
        }
        return messages;
      }
    }
  }

  private static MessageDto message(ResultSet row) throws SQLException {
    Instant sentAt = row.getObject(5, OffsetDateTime.class).toInstant();
    return new MessageDto(row.getLong(1), row.getLong(2), row.getString(3), row.getString(4),
        sentAt.toString(), row.getString(6));
  }
}
