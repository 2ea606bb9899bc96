package io.signet.hub;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Requires an authenticated user, and with {@link #roles()} one of those roles.
 *
 * <p>On a hub class, every request to the hub needs an authenticated user: negotiate and transport
 * requests without one are answered {@code 401}. On a method, a refused caller gets ASP.NET Core's
 * error {@code Failed to invoke 'X' because user is unauthorized}. Users come from the
 * application's {@code Authenticator}; roles from a {@link HubUser} principal.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Authorize {
  /** {@return the roles of which the user needs one; empty for any authenticated user} */
  String[] roles() default {};
}
