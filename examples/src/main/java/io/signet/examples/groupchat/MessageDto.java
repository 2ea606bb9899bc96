package io.signet.examples.groupchat;

import java.util.Objects;

/**
 * A chat message as the REST API returns it and {@code ReceiveMessage} pushes it (the walkthrough's
 * {@code GetAll.Dto}): serialised by Jackson as {@code {"id":…,"groupId":…,"user":…,"text":…,
 * "sentAt":"2025-08-22T10:15:30Z","clientId":…}}.
 *
 * @param id the message id, increasing in the order messages were saved
 * @param groupId the group it was sent to
 * @param user the sender's name
 * @param text the text, as typed; pages must show it as text, never as HTML
 * @param sentAt when it was saved, ISO-8601 in UTC
 * @param clientId the id the sender's page gave the message, by which it recognises its own
 *     message in the push and a retry finds it saved; {@code null} if it was sent without one
 */
public record MessageDto(long id, long groupId, String user, String text, String sentAt,
    String clientId) {
  public MessageDto {
    Objects.requireNonNull(user, "user == null");
    Objects.requireNonNull(text, "text == null");
    Objects.requireNonNull(sentAt, "sentAt == null");
  }
}
