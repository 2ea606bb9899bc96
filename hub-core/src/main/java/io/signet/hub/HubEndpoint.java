package io.signet.hub;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The URL path a hub is served at, for example {@code @HubEndpoint("/chatHub")}. Negotiate is
 * served at the same path plus {@code /negotiate}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface HubEndpoint {
  /** {@return the path, starting with {@code /}, without a trailing {@code /}} */
  String value();
}
