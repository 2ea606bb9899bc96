package io.signet.redis.internal;

import io.signet.hub.scaleout.HubLifetimeManager;
import io.signet.hub.scaleout.LocalConnection;
import io.signet.hub.scaleout.LocalConnectionListener;
import io.signet.hub.scaleout.LocalHubLifetimeManager;
import io.signet.hub.scaleout.ScaleOutEndpoint;
import io.signet.hub.scaleout.SerializedHubMessage;
import io.signet.protocol.HubProtocol;
import io.signet.protocol.InvocationMessage;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link HubLifetimeManager} of one hub across nodes, as ASP.NET Core's Redis backplane does
 * it: every send is delivered here through the {@link LocalHubLifetimeManager} and published once
 * on the channel of its audience (all, a group, a user, a connection); each node listens on the
 * channels its own connections need and delivers what arrives to them. Messages from one thread
 * keep their order per connection: one publishing connection, one subscribing connection.
 *
 * <p>Group changes and client results for a connection on another node travel on that
 * connection's channel and are answered on the asking node's reply channel.
 */
public final class RedisHubLifetimeManager implements HubLifetimeManager, LocalConnectionListener {
  private static final Logger log = LoggerFactory.getLogger(RedisHubLifetimeManager.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  /** How long a group change on another node may take to be acknowledged. */
  static final Duration GROUP_ACK_TIMEOUT = Duration.ofSeconds(10);

  private final LocalHubLifetimeManager local;
  private final ScaleOutEndpoint endpoint;
  private final String path;
  private final String node;
  private final Keys keys;
  private final RedisLink link;
  private final Subscriptions subscriptions;
  private final PresenceStore presence;
  private final RemoteRequests requests;
  private final RemoteInvocations invocations;
  private final String replyChannel;

  RedisHubLifetimeManager(ScaleOutEndpoint endpoint, String node, Keys keys, RedisLink link,
      Subscriptions subscriptions, PresenceStore presence) {
    this.local = endpoint.local();
    this.endpoint = endpoint;
    this.path = endpoint.path();
    this.node = node;
    this.keys = keys;
    this.link = link;
    this.subscriptions = subscriptions;
    this.presence = presence;
    this.requests = new RemoteRequests(link.scheduler());
    // Requests between nodes are in JSON, which every node speaks; each node serialises for its
    // own connection in the protocol that connection speaks.
    this.invocations =
        new RemoteInvocations(local, endpoint.protocols().get(0), node, requests, this::publish);
    this.replyChannel = keys.replyChannel(path, node);
    local.setListener(this);
    subscriptions.subscribe(keys.allChannel(path), bytes -> onSend(bytes, received ->
        local.sendAll(received.message(), received.excluded())));
    subscriptions.subscribe(replyChannel, this::onReply);
  }

  // ---- sends: here first, then once to Redis

  @Override
  public CompletionStage<Void> sendAll(InvocationMessage message, Collection<String> excludedIds) {
    SerializedHubMessage serialized = SerializedHubMessage.of(message);
    local.sendAll(serialized, excludedIds);
    return publishSend(keys.allChannel(path), serialized, excludedIds);
  }

  @Override
  public CompletionStage<Void> sendConnections(
      Collection<String> connectionIds, InvocationMessage message) {
    SerializedHubMessage serialized = SerializedHubMessage.of(message);
    CompletionStage<Void> last = DONE;
    for (String id : connectionIds) {
      if (local.hasConnection(id)) {
        local.sendConnections(List.of(id), serialized);
      } else {
        last = publishSend(keys.connectionChannel(path, id), serialized, List.of());
      }
    }
    return last;
  }

  @Override
  public CompletionStage<Void> sendGroups(
      Collection<String> groupNames, InvocationMessage message, Collection<String> excludedIds) {
    SerializedHubMessage serialized = SerializedHubMessage.of(message);
    CompletionStage<Void> last = DONE;
    for (String group : groupNames) {
      local.sendGroups(List.of(group), serialized, excludedIds);
      last = publishSend(keys.groupChannel(path, group), serialized, excludedIds);
    }
    return last;
  }

  @Override
  public CompletionStage<Void> sendUsers(Collection<String> userIds, InvocationMessage message) {
    SerializedHubMessage serialized = SerializedHubMessage.of(message);
    CompletionStage<Void> last = DONE;
    for (String user : userIds) {
      local.sendUsers(List.of(user), serialized);
      last = publishSend(keys.userChannel(path, user), serialized, List.of());
    }
    return last;
  }

  /**
   * Publishes a send, serialised once in each protocol the hub speaks (those local recipients
   * got are reused), since the receiving nodes' connections may speak any of them. While Redis
   * is unreachable the publish fails, other nodes miss the message, and the stage still completes
   * normally, since this node delivered its part.
   *
   * <p>A protocol that cannot write the message (MessagePack has no integers past 64 bits, which
   * JSON reads into a {@code BigInteger}) is left out: on one node only the protocols the
   * recipients speak serialise a send, so a value the others cannot write must not keep it from
   * recipients on other nodes. Their connections speaking the left-out protocol miss it.
   *
   * @throws RuntimeException when no protocol can write the message
   */
  private CompletionStage<Void> publishSend(String channel, SerializedHubMessage message,
      Collection<String> excludedIds) {
    List<Envelope.Payload> payloads = new ArrayList<>(endpoint.protocols().size());
    RuntimeException unwritable = null;
    for (HubProtocol protocol : endpoint.protocols()) {
      try {
        payloads.add(new Envelope.Payload(protocol.name(), message.payload(protocol).bytes()));
      } catch (RuntimeException e) {
        log.debug("A send on {} goes without its '{}' payload: {}", channel, protocol.name(),
            e.getMessage());
        unwritable = e;
      }
    }
    if (payloads.isEmpty()) {
      throw unwritable;
    }
    Envelope envelope = Envelope.send(node, List.copyOf(excludedIds), payloads);
    return publish(channel, envelope).handle((receivers, failure) -> null);
  }

  CompletionStage<Long> publish(String channel, Envelope envelope) {
    return link.publisher().async().publish(channel, envelope.encode())
        .whenComplete((receivers, failure) -> {
          if (failure != null) {
            link.failed("PUBLISH", failure);
          }
        });
  }

  // ---- what other nodes publish

  /** A send from another node on an audience channel: delivered with its payload as it is. */
  private void onSend(byte[] bytes, Consumer<ReceivedSend> deliver) {
    Envelope envelope = decode(bytes);
    if (envelope == null || envelope.kind() != Envelope.Kind.SEND
        || envelope.origin().equals(node)) {
      return; // this node delivered its own sends already
    }
    Map<HubProtocol, byte[]> payloads = new LinkedHashMap<>();
    for (Envelope.Payload payload : envelope.payloads()) {
      HubProtocol protocol = endpoint.protocol(payload.protocol());
      if (protocol != null) {
        payloads.put(protocol, payload.bytes());
      }
    }
    if (payloads.isEmpty()) {
      log.debug("Dropped a send in no protocol this node speaks on {}", path);
      return;
    }
    List<String> excluded = envelope.strings();
    deliver.accept(new ReceivedSend(excluded.isEmpty() ? Set.of() : Set.copyOf(excluded),
        SerializedHubMessage.ofPayloads(payloads)));
  }

  /** A message on one local connection's channel: a send, a group change or a client result. */
  private void onConnectionMessage(String connectionId, byte[] bytes) {
    Envelope envelope = decode(bytes);
    if (envelope == null) {
      return;
    }
    switch (envelope.kind()) {
      case SEND -> onSend(bytes, received ->
          local.sendConnections(List.of(connectionId), received.message()));
      case GROUP_ADD -> addToGroup(connectionId, envelope.strings().get(0))
          .thenRun(() -> reply(envelope, Envelope.ack(node, envelope.requestId())));
      case GROUP_REMOVE -> removeFromGroup(connectionId, envelope.strings().get(0))
          .thenRun(() -> reply(envelope, Envelope.ack(node, envelope.requestId())));
      case INVOKE -> invocations.serve(connectionId, envelope)
          .thenAccept(answer -> reply(envelope, answer));
      default -> log.debug("Unexpected {} on a connection channel", envelope.kind());
    }
  }

  private void onReply(byte[] bytes) {
    Envelope envelope = decode(bytes);
    if (envelope != null) {
      requests.answered(envelope);
    }
  }

  private void reply(Envelope request, Envelope answer) {
    publish(keys.replyChannel(path, request.origin()), answer);
  }

  private static Envelope decode(byte[] bytes) {
    try {
      return Envelope.decode(bytes);
    } catch (IOException e) {
      log.warn("Dropped a message that is not Signet's on a Signet channel: {}", e.getMessage());
      return null;
    }
  }

  // ---- local connections come and go

  /**
   * Listens on the connection's channel and its user's; the stage completes once Redis confirmed
   * both, so that the client, answered only then, misses nothing another node sends it at once
   * (a send to a channel nobody listens on yet is lost, and a group change or client result for
   * the connection would find "no such connection"). Presence is written in the background.
   */
  @Override
  public CompletionStage<Void> onConnected(LocalConnection connection) {
    String id = connection.connectionId();
    CompletionStage<Void> listening = subscriptions.subscribe(keys.connectionChannel(path, id),
        bytes -> onConnectionMessage(id, bytes));
    String user = connection.userId();
    if (user != null) {
      listening = listening.thenCombine(subscriptions.subscribe(keys.userChannel(path, user),
          bytes -> onSend(bytes, received -> local.sendUsers(List.of(user), received.message()))),
          (connectionChannel, userChannel) -> null);
    }
    presence.connect(path, id, user);
    return listening;
  }

  @Override
  public void onDisconnected(LocalConnection connection) {
    String id = connection.connectionId();
    subscriptions.unsubscribe(keys.connectionChannel(path, id), () -> false);
    String user = connection.userId();
    if (user != null) {
      subscriptions.unsubscribe(keys.userChannel(path, user), () -> local.hasUser(user));
    }
    for (String group : connection.groups()) {
      subscriptions.unsubscribe(keys.groupChannel(path, group), () -> local.hasGroup(group));
      presence.leaveGroup(path, group, id);
    }
    presence.disconnect(path, id, user);
  }

  /** Writes this node's presence of this hub again and listens on its channels; after an outage. */
  void rewritePresence() {
    for (LocalConnection connection : local.connections()) {
      presence.connect(path, connection.connectionId(), connection.userId());
      for (String group : connection.groups()) {
        presence.joinGroup(path, group, connection.connectionId());
      }
    }
  }

  // ---- groups

  @Override
  public CompletionStage<Void> addToGroup(String connectionId, String groupName) {
    Objects.requireNonNull(connectionId, "connectionId == null");
    Objects.requireNonNull(groupName, "groupName == null");
    if (local.hasConnection(connectionId)) {
      local.addToGroup(connectionId, groupName);
      presence.joinGroup(path, groupName, connectionId);
      String channel = keys.groupChannel(path, groupName);
      CompletionStage<Void> subscribed = subscriptions.subscribe(channel, bytes -> onSend(bytes,
          received -> local.sendGroups(List.of(groupName), received.message(),
              received.excluded())));
      if (!local.hasConnection(connectionId)) {
        // It ended meanwhile, perhaps after its groups were left: undo what was written.
        presence.leaveGroup(path, groupName, connectionId);
        subscriptions.unsubscribe(channel, () -> local.hasGroup(groupName));
      }
      return subscribed;
    }
    return remoteGroupChange(Envelope.Kind.GROUP_ADD, connectionId, groupName);
  }

  @Override
  public CompletionStage<Void> removeFromGroup(String connectionId, String groupName) {
    Objects.requireNonNull(connectionId, "connectionId == null");
    Objects.requireNonNull(groupName, "groupName == null");
    if (local.hasConnection(connectionId)) {
      local.removeFromGroup(connectionId, groupName);
      presence.leaveGroup(path, groupName, connectionId);
      subscriptions.unsubscribe(keys.groupChannel(path, groupName),
          () -> local.hasGroup(groupName));
      return DONE;
    }
    return remoteGroupChange(Envelope.Kind.GROUP_REMOVE, connectionId, groupName);
  }

  /**
   * Asks the node holding {@code connectionId} to change its groups, and waits for its
   * acknowledgement. Nobody listening on the connection's channel means no such connection: a
   * no-op, as locally.
   */
  private CompletionStage<Void> remoteGroupChange(Envelope.Kind kind, String connectionId,
      String groupName) {
    long id = requests.nextId();
    CompletableFuture<Envelope> answer = requests.await(id, GROUP_ACK_TIMEOUT,
        "Connection '" + connectionId + "' did not acknowledge the group change within "
            + GROUP_ACK_TIMEOUT.toSeconds() + " s.");
    Envelope request = Envelope.request(kind, node, id, List.of(groupName), "", "", new byte[0]);
    publish(keys.connectionChannel(path, connectionId), request)
        .whenComplete((receivers, failure) -> {
          if (failure != null) {
            requests.failed(id, new IOException("Redis is unreachable", failure));
          } else if (receivers == 0) {
            requests.unanswered(id);
          }
        });
    return answer.thenApply(ignored -> null);
  }

  // ---- client results

  @Override
  public CompletionStage<Object> invokeConnection(String connectionId, String method,
      List<Object> arguments, Type resultType, Duration timeout) {
    if (local.hasConnection(connectionId)) {
      return local.invokeConnection(connectionId, method, arguments, resultType, timeout);
    }
    return invocations.invoke(keys.connectionChannel(path, connectionId), connectionId, method,
        arguments, resultType, timeout);
  }

  // ---- presence

  @Override
  public CompletionStage<Set<String>> groupConnections(String groupName) {
    return presence.groupConnections(path, groupName);
  }

  @Override
  public CompletionStage<Set<String>> groupUsers(String groupName) {
    return presence.groupUsers(path, groupName);
  }

  @Override
  public CompletionStage<Set<String>> userConnections(String userId) {
    return presence.userConnections(path, userId);
  }

  /** A send from another node: whom to leave out, and the payload as it arrived. */
  record ReceivedSend(Set<String> excluded, SerializedHubMessage message) {}
}
