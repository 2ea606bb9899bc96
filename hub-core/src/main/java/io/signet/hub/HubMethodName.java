package io.signet.hub;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exposes a hub method to clients under another name (still matched case-insensitively). On a
 * method of a client interface ({@link ClientProxy#as}), names the client method it invokes.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HubMethodName {
  /** {@return the name clients call} */
  String value();
}
