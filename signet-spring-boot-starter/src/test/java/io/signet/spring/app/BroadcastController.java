package io.signet.spring.app;

import io.signet.hub.HubContext;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Sends to every client of {@link GreetingHub} from outside the hub, as REST handlers do. */
@RestController
public class BroadcastController {
  private final HubContext<GreetingHub> greetings;

  /** With the hub's context, injected by its generic type. */
  public BroadcastController(HubContext<GreetingHub> greetings) {
    this.greetings = greetings;
  }

  /** {@code Broadcast(text)} to every client of the hub. */
  @PostMapping("/api/broadcast")
  public void broadcast(@RequestParam String text) {
    greetings.clients().all().send("Broadcast", text);
  }
}
