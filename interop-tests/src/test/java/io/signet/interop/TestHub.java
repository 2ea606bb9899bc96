package io.signet.interop;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import io.signet.hub.HubException;
import io.signet.hub.HubIgnore;
import io.signet.hub.HubMethodName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The hub the official clients call in the interop scenarios ({@code js/scenarios.mjs}). Each
 * method exercises one feature of the hub API; the scenarios name them in PascalCase, as .NET
 * clients would, which also exercises case-insensitive matching.
 *
 * <p>Messages for clients go to the client method {@code Receive(message)}; when a connection
 * ends, every remaining client receives {@code Left(connectionId, error)}.
 */
@HubEndpoint(value = "/testhub", client = TestHub.Receiver.class)
public class TestHub extends Hub {
  /** Where {@link #remember} keeps a connection's values, in {@code context().items()}. */
  private static final String REMEMBERED = "remembered";

  /** A value type, to check that records travel as JSON objects with camelCase properties. */
  public record Person(String name, int age) {}

  public String echo(String message) {
    return message;
  }

  public int add(int a, int b) {
    return a + b;
  }

  public Person person(String name, int age) {
    return new Person(name, age);
  }

  /** Takes a record and a list of records, to check that generic parameter types bind. */
  public Person oldest(Person first, List<Person> others) {
    List<Person> everyone = new ArrayList<>(others);
    everyone.add(0, first);
    return everyone.stream().max(Comparator.comparingInt(Person::age)).orElseThrow();
  }

  /** A void method; appends to this connection's values so that {@link #recall} can show order. */
  public void remember(String value) {
    rememberedValues().add(value);
  }

  /** Every value {@link #remember} received on this connection, in order. */
  public List<String> recall() {
    List<String> values = rememberedValues();
    synchronized (values) {
      return List.copyOf(values);
    }
  }

  /** Completes on another thread, after the method returned, like real asynchronous work. */
  public CompletionStage<String> delayedEcho(String message) {
    return CompletableFuture.supplyAsync(
        () -> message, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
  }

  public void throwHubException(String message) {
    throw new HubException(message);
  }

  /** Fails with a message that must not reach clients unless detailed errors are enabled. */
  public void throwSecret() {
    throw new IllegalStateException("secret");
  }

  // The send methods return the send's stage so that the invocation completes only once the
  // message is queued for every recipient: a scenario may then rely on the order of messages.

  public CompletionStage<Void> sendToCaller(String message) {
    return clients().caller().send("Receive", message);
  }

  public CompletionStage<Void> sendToOthers(String message) {
    return clients().others().send("Receive", message);
  }

  public CompletionStage<Void> sendToAll(String message) {
    return clients().all().send("Receive", message);
  }

  /**
   * The client's {@code Receive} handler as a typed client: {@code receive} is sent under its
   * Java name (the JavaScript client matches it without case), {@code deliver} under its
   * {@link HubMethodName}.
   */
  public interface Receiver {
    void receive(String message);

    @HubMethodName("Receive")
    CompletionStage<Void> deliver(String message);
  }

  /** A typed broadcast, fire and forget. */
  public void sendTypedToAll(String message) {
    clients().all().as(Receiver.class).receive(message);
  }

  /** A typed send to the others, completing once it is queued for them. */
  public CompletionStage<Void> sendTypedToOthers(String message) {
    return clients().others().as(Receiver.class).deliver(message);
  }

  public CompletionStage<Void> sendToClient(String connectionId, String message) {
    return clients().client(connectionId).send("Receive", message);
  }

  public CompletionStage<Void> joinGroup(String group) {
    return groups().add(context().connectionId(), group);
  }

  public CompletionStage<Void> leaveGroup(String group) {
    return groups().remove(context().connectionId(), group);
  }

  public CompletionStage<Void> sendToGroup(String group, String message) {
    return clients().group(group).send("Receive", message);
  }

  /** A value of several kinds, bound from and written to each protocol. */
  public record Sample(String text, int count, List<Object> nested) {}

  public CompletionStage<Void> sendSampleToGroup(String group, Sample sample) {
    return clients().group(group).send("Receive", sample);
  }

  public CompletionStage<Void> sendToOthersInGroup(String group, String message) {
    return clients().othersInGroup(group).send("Receive", message);
  }

  public CompletionStage<Void> sendToGroupExcept(
      String group, String excludedConnectionId, String message) {
    return clients().groupExcept(group, List.of(excludedConnectionId)).send("Receive", message);
  }

  public String connectionId() {
    return context().connectionId();
  }

  public void abortConnection() {
    context().abort();
  }

  /** Clients call it {@code Shout}; its Java name must not be callable. */
  @HubMethodName("Shout")
  public String toUpperCase(String message) {
    return message.toUpperCase(Locale.ROOT);
  }

  /** Public for Java callers, but not a hub method. */
  @HubIgnore
  public String hidden() {
    return "hidden";
  }

  /**
   * Lets the scenarios prove that the server noticed a disconnect, and why: {@code Left(id, null)}
   * after a graceful end, {@code Left(id, error)} otherwise.
   */
  @Override
  public void onDisconnected(Throwable error) {
    clients().all().send("Left", context().connectionId(), error == null ? null : error.toString());
  }

  @SuppressWarnings("unchecked")
  private List<String> rememberedValues() {
    // A synchronized list: one connection's calls run one at a time, but not on one thread.
    return (List<String>) context().items()
        .computeIfAbsent(REMEMBERED, key -> Collections.synchronizedList(new ArrayList<>()));
  }
}
