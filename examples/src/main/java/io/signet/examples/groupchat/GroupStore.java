package io.signet.examples.groupchat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Groups and who has joined them. Only members may read a group's history, send to it, or join
 * its hub group: membership is the authorisation of this app. Thread-safe.
 */
final class GroupStore {
  private static final String SELECT_GROUP = """
      SELECT g.id, g.name, g.created_by,
        EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.user_name = ?)
      FROM chat_groups g""";

  private final ChatDatabase database;
  private final Clock clock;

  GroupStore(ChatDatabase database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** Every group, by name, each telling whether {@code user} has joined it. */
  List<GroupDto> list(String user) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement select = connection.prepareStatement(SELECT_GROUP + " ORDER BY g.name")) {
      select.setString(1, user);
      try (ResultSet rows = select.executeQuery()) {
        List<GroupDto> groups = new ArrayList<>();
        while (rows.next()) {
          groups.add(group(rows));
        }
        return groups;
      }
    }
  }

  /** The group with {@code id} as {@code user} sees it, or empty if there is none. */
  Optional<GroupDto> find(long id, String user) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement select = connection.prepareStatement(SELECT_GROUP + " WHERE g.id = ?")) {
      select.setString(1, user);
      select.setLong(2, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(group(row)) : Optional.empty();
      }
    }
  }

  /**
   * Creates a group with {@code user} as its first member.
   *
   * @return the group, or empty if the name is taken
   */
  Optional<GroupDto> create(String name, String user) throws SQLException {
    try (Connection connection = database.connection()) {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT 1 FROM chat_groups WHERE name_key = ?")) {
        select.setString(1, AccountStore.key(name));
        try (ResultSet row = select.executeQuery()) {
          if (row.next()) {
            return Optional.empty(); // taken, in some case
          }
        }
      }
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO chat_groups (name, name_key, created_by, created_at) VALUES (?, ?, ?, ?)",
          new String[] {"id"})) {
        insert.setString(1, name);
        insert.setString(2, AccountStore.key(name));
        insert.setString(3, user);
        insert.setObject(4, now());
        insert.executeUpdate();
        long id = generatedId(insert);
        addMember(connection, id, user);
        connection.commit();
        return Optional.of(new GroupDto(id, name, user, true));
      } catch (SQLIntegrityConstraintViolationException e) {
        connection.rollback();
        return Optional.empty();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        // The pool hands the connection to the next caller as it is.
        connection.setAutoCommit(true);
      }
    }
  }

  /** Makes {@code user} a member of the group (again is fine); the group must exist. */
  void join(long groupId, String user) throws SQLException {
    try (Connection connection = database.connection()) {
      addMember(connection, groupId, user);
    }
  }

  /** Ends {@code user}'s membership of the group; fine if there was none. */
  void leave(long groupId, String user) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement delete = connection.prepareStatement(
            "DELETE FROM group_members WHERE group_id = ? AND user_name = ?")) {
      delete.setLong(1, groupId);
      delete.setString(2, user);
      delete.executeUpdate();
    }
  }

  /** The ids of the groups {@code user} has joined. */
  List<Long> memberGroupIds(String user) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement select = connection.prepareStatement(
            "SELECT group_id FROM group_members WHERE user_name = ? ORDER BY group_id")) {
      select.setString(1, user);
      try (ResultSet rows = select.executeQuery()) {
        List<Long> ids = new ArrayList<>();
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
        return ids;
      }
    }
  }

  /** Whether {@code user} has joined the group; false for a group that does not exist. */
  boolean isMember(long groupId, String user) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement select = connection.prepareStatement(
            "SELECT 1 FROM group_members WHERE group_id = ? AND user_name = ?")) {
      select.setLong(1, groupId);
      select.setString(2, user);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  private void addMember(Connection connection, long groupId, String user) throws SQLException {
    try (PreparedStatement merge = connection.prepareStatement("""
        MERGE INTO group_members m
        USING (VALUES (CAST(? AS BIGINT), CAST(? AS VARCHAR(40)))) AS v(group_id, user_name)
        ON m.group_id = v.group_id AND m.user_name = v.user_name
        WHEN NOT MATCHED THEN INSERT (group_id, user_name, joined_at)
          VALUES (v.group_id, v.user_name, ?)""")) {
      merge.setLong(1, groupId);
      merge.setString(2, user);
      merge.setObject(3, now());
      merge.executeUpdate();
    }
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }

  static long generatedId(PreparedStatement insert) throws SQLException {
    try (ResultSet keys = insert.getGeneratedKeys()) {
      if (!keys.next()) {
        throw new SQLException("The database returned no generated id");
      }
      return keys.getLong(1);
    }
  }

  private static GroupDto group(ResultSet row) throws SQLException {
    return new GroupDto(row.getLong(1), row.getString(2), row.getString(3), row.getBoolean(4));
  }
}
