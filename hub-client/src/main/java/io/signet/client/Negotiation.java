package io.signet.client;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * What a successful negotiate established: a new connection on the server and the transports it
 * may use.
 *
 * @param hubUrl the hub URL after redirects: the one the transports connect to, and the one to
 *     negotiate again at before trying the next transport
 * @param connectionId the connection's public id, {@code null} if the server gave none
 * @param connectionToken the token transports send as {@code id}; the id itself for a version 0
 *     answer, which has no token; {@code null} if the server gave neither
 * @param transports the transports the server offers, in its order of preference, those this
 *     client does not know left out
 * @param useStatefulReconnect whether the server agreed to stateful reconnect
 */
record Negotiation(URI hubUrl, String connectionId, String connectionToken,
    List<AvailableTransport> transports, boolean useStatefulReconnect) {
  /** Checks and copies the components. */
  Negotiation {
    Objects.requireNonNull(hubUrl, "hubUrl == null");
    transports = List.copyOf(Objects.requireNonNull(transports, "transports == null"));
  }
}
