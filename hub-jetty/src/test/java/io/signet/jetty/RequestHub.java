package io.signet.jetty;

import io.signet.connection.ConnectionRequest;
import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import java.util.List;
import java.util.Map;

/** Describes the request that connected the caller, for {@link ConnectionRequestTest}. */
@HubEndpoint("/request")
public class RequestHub extends Hub {

  /** What a hub sees of the request, with the lookups a hub would make. */
  public record Description(String path, Map<String, List<String>> query, List<String> test,
      String authorization, String accessToken, String id, String remote, int localPort,
      boolean secure, String text) {}

  public Description describe() {
    ConnectionRequest request = context().request();
    return new Description(request.path(), request.query(), request.headerValues("x-TEST"),
        request.header("authorization"), request.queryParameter("access_token"),
        request.queryParameter("ID"), request.remoteAddress(), request.localPort(),
        request.secure(), request.toString());
  }
}
