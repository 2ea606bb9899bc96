package io.signet.observe;

/**
 * How a connection ended, with the values of the OpenTelemetry attribute
 * {@code signalr.connection.status} that ASP.NET Core reports.
 */
public enum ConnectionEndStatus {
  /** The client or the hub closed it, or its transport went away. */
  NORMAL_CLOSURE("normal_closure"),
  /** The client stopped talking (the client timeout), or stopped reading (the send timeout). */
  TIMEOUT("timeout"),
  /** The server is shutting down ({@code Signet.close()}). */
  APP_SHUTDOWN("app_shutdown");

  private final String attributeValue;

  ConnectionEndStatus(String attributeValue) {
    this.attributeValue = attributeValue;
  }

  /** {@return the value of {@code signalr.connection.status}, such as {@code normal_closure}} */
  public String attributeValue() {
    return attributeValue;
  }
}
