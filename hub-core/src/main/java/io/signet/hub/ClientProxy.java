package io.signet.hub;

import io.signet.hub.internal.TypedClients;
import java.util.concurrent.CompletionStage;

/**
 * One or many client connections that can be sent an invocation of a client-side method.
 *
 * <p>Thread-safe. Sending never blocks: the message is serialised once and queued on every
 * recipient's bounded outbound queue.
 */
public interface ClientProxy {

  /**
   * Invokes {@code method} on the clients without waiting for a result.
   *
   * @param method the client method's name; the JavaScript client matches it case-insensitively
   * @param arguments the arguments, serialised as JSON; may contain {@code null}
   * @return a stage completed once the message is queued for every recipient; recipients that are
   *     gone are skipped silently
   */
  CompletionStage<Void> send(String method, Object... arguments);

  /**
   * These clients as {@code clientType}, an interface whose methods are client methods: ASP.NET
   * Core's strongly typed hubs ({@code Hub<T>}). Each call sends an invocation of the method of
   * the same name (or of its {@link HubMethodName}), with the call's arguments:
   *
   * <pre>{@code
   * interface ChatClient {
   *   void receiveMessage(String user, String message);
   *   CompletionStage<String> getMessage();
   * }
   * clients().all().as(ChatClient.class).receiveMessage("alice", "hi");
   * clients().caller().as(ChatClient.class).getMessage().thenAccept(...);
   * }</pre>
   *
   * <p>What a method returns decides what a call does:
   *
   * <ul>
   *   <li>{@code void}: {@link #send}, fire and forget; a send that fails is logged (WARN, once
   *       per cause and minute);
   *   <li>{@code CompletionStage<Void>} or {@code CompletableFuture<Void>}: {@link #send}, and the
   *       send's stage;
   *   <li>{@code CompletionStage<T>} or {@code CompletableFuture<T>}, {@code T} not {@code Void}:
   *       a client result ({@link SingleClientProxy#invoke(String, java.lang.reflect.Type,
   *       Object...)}), bound to {@code T} with its generics. Only a single client can answer:
   *       called through a proxy of many clients, it throws
   *       {@link UnsupportedOperationException};
   *   <li>a default method runs its own body.
   * </ul>
   *
   * <p>{@code equals} and {@code hashCode} are identity's; {@code toString} names the interface.
   * The interface is checked, and its methods classified, once per interface: when a hub that
   * declares it ({@link HubEndpoint#client()}) is registered, else on its first {@code as}. After
   * that a call costs one new proxy, and each of its method calls a lookup in a table kept per
   * interface, cheap enough to call per send. The returned proxy is thread-safe and may be kept.
   *
   * @param <T> the interface's type
   * @param clientType the interface of client methods
   * @throws IllegalArgumentException naming the interface, the method and the fix, when
   *     {@code clientType} is not an interface or one of its methods returns anything else
   * @return a proxy sending to these clients
   */
  default <T> T as(Class<T> clientType) {
    return TypedClients.create(clientType, this);
  }
}
