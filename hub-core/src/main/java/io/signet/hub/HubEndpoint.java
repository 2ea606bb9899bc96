package io.signet.hub;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The URL path a hub is served at, for example {@code @HubEndpoint("/chatHub")}. Negotiate is
 * served at the same path plus {@code /negotiate}.
 *
 * <p>A hub may also declare the interface of its clients' methods, the Java form of ASP.NET Core's
 * strongly typed {@code Hub<T>}:
 *
 * <pre>{@code
 * interface ChatClient {
 *   void receiveMessage(String user, String message);
 * }
 *
 * @HubEndpoint(value = "/chat", client = ChatClient.class)
 * public class ChatHub extends Hub {
 *   public void sendMessage(String user, String message) {
 *     clients().all().as(ChatClient.class).receiveMessage(user, message);
 *   }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface HubEndpoint {
  /** {@return the path, starting with {@code /}, without a trailing {@code /}} */
  String value();

  /**
   * The interface of the methods this hub calls on its clients through
   * {@link ClientProxy#as(Class)}, or {@code void.class} (the default) for none declared.
   *
   * <p>A declared interface is checked when the hub is registered, whatever path it is registered
   * at: a method {@link ClientProxy#as(Class)} would refuse makes registration fail, naming the
   * hub, the interface and the method. Interfaces that are not declared still work with
   * {@code as}; they are checked the first time {@code as} meets them.
   *
   * @return the client interface, or {@code void.class}
   */
  Class<?> client() default void.class;
}
