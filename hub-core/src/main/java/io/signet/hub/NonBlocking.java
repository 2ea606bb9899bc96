package io.signet.hub;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a hub method (or, on a hub class, every hub method of it) neither blocks nor runs
 * long: no I/O, no locks held for long, no waiting on futures. Signet then calls it on the thread
 * that read the client's message, as ASP.NET Core does with every hub method, instead of handing
 * the call to the hub executor: one thread hand-off less per call, which is most of the cost of a
 * small call.
 *
 * <p>Only the method runs there; sending to clients from it queues and returns. A method that
 * returns a {@code CompletionStage} may complete it later from any thread. A method that blocks
 * despite this annotation stalls the container's I/O thread, and with it other connections:
 * leave it off whenever in doubt. Calls go to the hub executor regardless while
 * {@linkplain HubFilter filters} are configured for the hub (they are application code too), for
 * streaming and upload-stream calls, and for {@code onConnected}/{@code onDisconnected}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface NonBlocking {}
