package io.signet.examples.groupchat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** The messages of all groups, in the order they were saved. Thread-safe. */
final class MessageStore {
  private final ChatDatabase database;
  private final Clock clock;

  MessageStore(ChatDatabase database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** Saves a message and returns it as the clients will see it. */
  MessageDto save(long groupId, String user, String text) throws SQLException {
    // Whole milliseconds: what the database keeps is what the sender is told.
    Instant sentAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    try (Connection connection = database.connection();
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO messages (group_id, user_name, body, sent_at) VALUES (?, ?, ?, ?)",
            new String[] {"id"})) {
      insert.setLong(1, groupId);
      insert.setString(2, user);
      insert.setString(3, text);
      insert.setObject(4, OffsetDateTime.ofInstant(sentAt, ZoneOffset.UTC));
      insert.executeUpdate();
      return new MessageDto(GroupStore.generatedId(insert), groupId, user, text,
          sentAt.toString());
    }
  }

  /** The last {@code limit} messages of the group, oldest first. */
  List<MessageDto> recent(long groupId, int limit) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement select = connection.prepareStatement("""
            SELECT id, user_name, body, sent_at FROM (
              SELECT id, user_name, body, sent_at FROM messages
              WHERE group_id = ? ORDER BY id DESC LIMIT ?)
            ORDER BY id""")) {
      select.setLong(1, groupId);
      select.setInt(2, limit);
      try (ResultSet rows = select.executeQuery()) {
        List<MessageDto> messages = new ArrayList<>();
        while (rows.next()) {
          Instant sentAt = rows.getObject(4, OffsetDateTime.class).toInstant();
          messages.add(new MessageDto(rows.getLong(1), groupId, rows.getString(2),
              rows.getString(3), sentAt.toString()));
        }
        return messages;
      }
    }
  }
}
