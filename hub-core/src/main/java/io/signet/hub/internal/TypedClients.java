package io.signet.hub.internal;

import io.signet.connection.internal.WarningLimiter;
import io.signet.hub.ClientProxy;
import io.signet.hub.SingleClientProxy;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Typed client proxies ({@link ClientProxy#as}): a {@link java.lang.reflect.Proxy} per call of
 * {@code as}, made by its interface's cached constructor, whose handler looks each method up in
 * its interface's {@link ClientInterface} table and sends or asks through the untyped proxy.
 * Public for {@link ClientProxy}'s default method only.
 */
public final class TypedClients {
  private static final Logger log = LoggerFactory.getLogger(TypedClients.class);
  /** Failed fire-and-forget sends, once per cause and minute. */
  private static final WarningLimiter warnings = WarningLimiter.forLogger(log);
  private static final Object[] NO_ARGUMENTS = {};

  private TypedClients() {}

  /**
   * {@code target} as {@code clientType}.
   *
   * @throws IllegalArgumentException naming the interface, the method and the fix, when
   *     {@code clientType} is not a valid client interface
   */
  public static <T> T create(Class<T> clientType, ClientProxy target) {
    Objects.requireNonNull(clientType, "clientType == null");
    Objects.requireNonNull(target, "target == null");
    ClientInterface table = ClientInterface.of(clientType);
    return clientType.cast(table.newProxy(new Handler(table, target)));
  }

  private static final class Handler implements InvocationHandler {
    private final ClientInterface table;
    private final ClientProxy target;

    Handler(ClientInterface table, ClientProxy target) {
      this.table = table;
      this.target = target;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        return objectMethod(proxy, method, args);
      }
      ClientMethod client = table.method(method);
      Object[] arguments = args == null ? NO_ARGUMENTS : args;
      return switch (client.kind()) {
        case DEFAULT -> InvocationHandler.invokeDefault(proxy, method, args);
        case SEND -> {
          target.send(client.name(), arguments).whenComplete((ignored, failure) -> {
            if (failure != null) {
              warnings.warn("A send of client method '" + client.name() + "' of "
                  + table.type().getSimpleName() + " failed", failure.toString(), failure);
            }
          });
          yield null;
        }
        case SEND_STAGE -> returned(client, target.send(client.name(), arguments));
        case RESULT -> returned(client, single(method).invoke(
            client.name(), client.resultType(), arguments));
      };
    }

    private SingleClientProxy single(Method method) {
      if (target instanceof SingleClientProxy single) {
        return single;
      }
      // ASP.NET Core refuses it too: only one client can answer.
      throw new UnsupportedOperationException("Client method " + table.type().getName() + "."
          + method.getName() + " asks for a client result, which only a single client gives: call "
          + "it through clients().caller() or clients().client(id), or declare it to return "
          + "void or CompletionStage<Void> to send it to many");
    }

    private static Object returned(ClientMethod client, CompletionStage<?> stage) {
      if (!client.returnsFuture()) {
        return stage;
      }
      // A future of its own: completing it cannot complete the send or the pending result.
      CompletableFuture<Object> future = new CompletableFuture<>();
      stage.whenComplete((value, failure) -> {
        if (failure != null) {
          future.completeExceptionally(failure);
        } else {
          future.complete(value);
        }
      });
      return future;
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) {
      return switch (method.getName()) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> table.type().getSimpleName() + " client proxy over " + target;
      };
    }
  }
}
