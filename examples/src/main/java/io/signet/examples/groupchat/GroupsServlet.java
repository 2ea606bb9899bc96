package io.signet.examples.groupchat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signet.hub.HubContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups API at {@code /api/groups/*}, every request with the bearer token:
 *
 * <ul>
 *   <li>{@code GET /api/groups}: every group, each with {@code member} for the caller;
 *   <li>{@code POST /api/groups} {@code {"name":…}}: creates a group, the caller its first member,
 *       and pushes {@code GroupCreated(id, name)} to every hub connection, so that open pages
 *       list it without a reload;
 *   <li>{@code POST /api/groups/{id}/members}: the caller joins the group, and each of his hub
 *       connections follows it from then on;
 *   <li>{@code DELETE /api/groups/{id}/members}: the caller leaves the group (fine if he was not
 *       in it); none of his hub connections gets its messages once this is answered;
 *   <li>{@code GET /api/groups/{id}/messages}: the last {@value #PAGE_SIZE} messages, oldest
 *       first (members only); {@code ?before=ID} the last ones before message {@code ID}, for
 *       paging back to the first message; {@code ?after=ID} the first ones after it, for catching
 *       up; {@code &limit=N} (1 to {@value #MAX_PAGE_SIZE}) how many. A page shorter than asked
 *       for is the last one that way;
 *   <li>{@code POST /api/groups/{id}/messages} {@code {"text":…, "clientId":…}}: saves the
 *       message, then pushes {@code ReceiveMessage(dto)} to the group's hub group through the hub
 *       context, as the walkthrough's send endpoint does (members only). {@code clientId}
 *       (optional, 8 to 64 letters, digits and {@code -}) is the page's id of the message: sent
 *       again with the same one, the message is not saved twice but answered {@code 200} as
 *       saved the first time, and not pushed again.
 * </ul>
 */
final class GroupsServlet extends ApiServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(GroupsServlet.class);
  /** Messages per history request, unless it asks for another number. */
  static final int PAGE_SIZE = 50;
  /** The most messages one history request may ask for. */
  static final int MAX_PAGE_SIZE = 200;
  private static final Pattern GROUP_PATH = Pattern.compile("/(\\d{1,18})/(members|messages)");
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9-]{8,64}");

  private final transient TokenService tokens;
  private final transient GroupStore groups;
  private final transient MessageStore messages;
  private final transient HubContext<GroupChatHub> hub;
  private final transient Membership membership;

  GroupsServlet(TokenService tokens, GroupStore groups, MessageStore messages,
      HubContext<GroupChatHub> hub) {
    this.tokens = tokens;
    this.groups = groups;
    this.messages = messages;
    this.hub = hub;
    this.membership = new Membership(hub);
  }

  @Override
  protected void handle(HttpServletRequest request, HttpServletResponse response)
      throws Exception {
    String user = requireUser(request, tokens).getName();
    String path = request.getPathInfo();
    String method = request.getMethod();
    if (path == null || path.equals("/")) {
      switch (method) {
        case "GET" -> writeJson(response, HttpServletResponse.SC_OK, groups.list(user));
        case "POST" -> create(request, response, user);
        default -> throw methodNotAllowed(request);
      }
      return;
    }
    Matcher matcher = GROUP_PATH.matcher(path);
    if (!matcher.matches()) {
      throw new ApiException(HttpServletResponse.SC_NOT_FOUND, "No such resource: " + path);
    }
    GroupDto group = groups.find(Long.parseLong(matcher.group(1)), user)
        .orElseThrow(() -> new ApiException(HttpServletResponse.SC_NOT_FOUND,
            "There is no group " + matcher.group(1)));
    String route = method + " " + matcher.group(2);
    switch (route) {
      case "POST members" -> join(response, group, user);
      case "DELETE members" -> leave(response, group, user);
      case "GET messages" -> writeJson(response, HttpServletResponse.SC_OK,
          history(request, requireMember(group).id()));
      case "POST messages" -> send(request, response, requireMember(group), user);
      default -> throw methodNotAllowed(request);
    }
  }

  private void create(HttpServletRequest request, HttpServletResponse response, String user)
      throws Exception {
    String name = stringField(readJsonObject(request), "name", "the group's name", 60);
    GroupDto group = groups.create(name, user)
        .orElseThrow(() -> new ApiException(HttpServletResponse.SC_CONFLICT,
            "A group named " + name + " exists already; join it instead"));
    membership.follow(user, group.id());
    hub.clients().all().send("GroupCreated", group.id(), group.name())
        .whenComplete((ignored, failure) -> {
          if (failure != null) {
            // Created all the same: pages list it when they next load the groups.
            log.warn("Announcing group {} failed", group.id(), failure);
          }
        });
    writeJson(response, HttpServletResponse.SC_CREATED, group);
  }

  private void join(HttpServletResponse response, GroupDto group, String user)
      throws Exception {
    groups.join(group.id(), user);
    membership.follow(user, group.id());
    writeJson(response, HttpServletResponse.SC_OK,
        new GroupDto(group.id(), group.name(), group.createdBy(), true));
  }

  /** Membership first: a connection that joins meanwhile does not follow the group again. */
  private void leave(HttpServletResponse response, GroupDto group, String user)
      throws Exception {
    groups.leave(group.id(), user);
    membership.unfollow(user, group.id());
    writeJson(response, HttpServletResponse.SC_OK,
        new GroupDto(group.id(), group.name(), group.createdBy(), false));
  }

  /** Saves, then pushes: a client that sees the push can always find the message in history. */
  private void send(HttpServletRequest request, HttpServletResponse response, GroupDto group,
      String user) throws Exception {
    JsonNode body = readJsonObject(request);
    String text = stringField(body, "text", "the message", 2000);
    String clientId = clientId(body);
    MessageStore.Saved saved = messages.save(group.id(), user, text, clientId);
    MessageDto message = saved.message();
    if (!saved.created()) {
      // A retry of a message saved before: answered as then, and its push was made then.
      if (message.groupId() != group.id()) {
        throw new ApiException(HttpServletResponse.SC_CONFLICT,
            "Message " + clientId + " was sent to another group");
      }
      writeJson(response, HttpServletResponse.SC_OK, message);
      return;
    }
    hub.clients().group(GroupChatHub.hubGroup(group.id()))
        .send("ReceiveMessage", message)
        .whenComplete((ignored, failure) -> {
          if (failure != null) {
            // Saved all the same: members see it in the history when they next load it.
            log.warn("Pushing message {} to group {} failed", message.id(), group.id(), failure);
          }
        });
    writeJson(response, HttpServletResponse.SC_CREATED, message);
  }

  /** A page of history: the query's {@code before} or {@code after} cursor and {@code limit}. */
  private List<MessageDto> history(HttpServletRequest request, long groupId) throws Exception {
    Long before = cursor(request, "before");
    Long after = cursor(request, "after");
    Long limit = cursor(request, "limit");
    if (before != null && after != null) {
      throw new ApiException(HttpServletResponse.SC_BAD_REQUEST,
          "Give 'before' or 'after', not both");
    }
    if (limit != null && (limit < 1 || limit > MAX_PAGE_SIZE)) {
      throw new ApiException(HttpServletResponse.SC_BAD_REQUEST,
          "'limit' must be 1 to " + MAX_PAGE_SIZE);
    }
    int size = limit == null ? PAGE_SIZE : limit.intValue();
    return after != null ? messages.after(groupId, after, size)
        : messages.before(groupId, before == null ? Long.MAX_VALUE : before, size);
  }

  /** A whole number of the query, or {@code null} if it is not there; 400 if it is not one. */
  private static Long cursor(HttpServletRequest request, String name) {
    String value = request.getParameter(name);
    if (value == null) {
      return null;
    }
    if (!value.matches("\\d{1,18}")) {
      throw new ApiException(HttpServletResponse.SC_BAD_REQUEST,
          "'" + name + "' must be a whole number");
    }
    return Long.parseLong(value);
  }

  /** The optional {@code clientId} of a message body; 400 if it is there but not one. */
  private static String clientId(JsonNode body) {
    JsonNode value = body.get("clientId");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual() || !CLIENT_ID.matcher(value.textValue()).matches()) {
      throw new ApiException(HttpServletResponse.SC_BAD_REQUEST,
          "'clientId' must be 8 to 64 letters, digits and '-'");
    }
    return value.textValue();
  }

  private static GroupDto requireMember(GroupDto group) {
    if (!group.member()) {
      throw new ApiException(HttpServletResponse.SC_FORBIDDEN,
          "Join group " + group.name() + " first");
    }
    return group;
  }
}
