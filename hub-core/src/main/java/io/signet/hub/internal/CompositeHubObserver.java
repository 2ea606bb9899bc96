package io.signet.hub.internal;

import io.signet.connection.TransportType;
import io.signet.observe.ConnectionEndStatus;
import io.signet.observe.HubObserver;
import io.signet.observe.InvocationObservation;
import io.signet.observe.InvocationOutcome;
import java.time.Duration;
import java.util.List;

/** Several observers of one hub as one: each event goes to each, in order. */
final class CompositeHubObserver implements HubObserver {
  private final HubObserver[] observers;

  private CompositeHubObserver(List<HubObserver> observers) {
    this.observers = observers.toArray(HubObserver[]::new);
  }

  /** {@code observers} as one; {@link HubObserver#NONE} for none, the observer itself for one. */
  static HubObserver of(List<HubObserver> observers) {
    List<HubObserver> some = observers.stream().filter(o -> o != HubObserver.NONE).toList();
    return some.isEmpty() ? HubObserver.NONE
        : some.size() == 1 ? some.get(0) : new CompositeHubObserver(some);
  }

  @Override
  public void negotiated(Duration took) {
    for (HubObserver observer : observers) {
      observer.negotiated(took);
    }
  }

  @Override
  public void transportRequest(TransportType transport) {
    for (HubObserver observer : observers) {
      observer.transportRequest(transport);
    }
  }

  @Override
  public void connectionStarted(TransportType transport) {
    for (HubObserver observer : observers) {
      observer.connectionStarted(transport);
    }
  }

  @Override
  public void connectionEnded(TransportType transport, ConnectionEndStatus status,
      Duration duration) {
    for (HubObserver observer : observers) {
      observer.connectionEnded(transport, status, duration);
    }
  }

  @Override
  public void slowConsumerDisconnected(TransportType transport) {
    for (HubObserver observer : observers) {
      observer.slowConsumerDisconnected(transport);
    }
  }

  @Override
  public void bytesReceived(int bytes) {
    for (HubObserver observer : observers) {
      observer.bytesReceived(bytes);
    }
  }

  @Override
  public void messagesReceived(int count) {
    for (HubObserver observer : observers) {
      observer.messagesReceived(count);
    }
  }

  @Override
  public void messageSent(int bytes) {
    for (HubObserver observer : observers) {
      observer.messageSent(bytes);
    }
  }

  @Override
  public InvocationObservation invocationStarted(String method, String connectionId) {
    InvocationObservation[] started = new InvocationObservation[observers.length];
    for (int i = 0; i < observers.length; i++) {
      started[i] = observers[i].invocationStarted(method, connectionId);
    }
    return new InvocationObservation() {
      @Override
      public Scope makeCurrent() {
        Scope[] scopes = new Scope[started.length];
        for (int i = 0; i < started.length; i++) {
          scopes[i] = started[i].makeCurrent();
        }
        return () -> {
          for (int i = scopes.length - 1; i >= 0; i--) { // the reverse of opening
            scopes[i].close();
          }
        };
      }

      @Override
      public void ended(InvocationOutcome outcome, Throwable error) {
        for (InvocationObservation observation : started) {
          observation.ended(outcome, error);
        }
      }
    };
  }

  @Override
  public void invocationRefused(String method, InvocationOutcome outcome) {
    for (HubObserver observer : observers) {
      observer.invocationRefused(method, outcome);
    }
  }
}
