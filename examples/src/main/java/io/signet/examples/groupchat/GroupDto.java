package io.signet.examples.groupchat;

import java.util.Objects;

/**
 * A group as {@code GET /api/groups} lists it for the signed-in user.
 *
 * @param id the group id; its hub group name is this number as a string
 * @param name the group's unique name
 * @param createdBy who created it
 * @param member whether the signed-in user has joined it (and so may read and send)
 */
public record GroupDto(long id, String name, String createdBy, boolean member) {
  public GroupDto {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(createdBy, "createdBy == null");
  }
}
