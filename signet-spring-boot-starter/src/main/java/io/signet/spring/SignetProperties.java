package io.signet.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code signet.*} configuration properties: the {@linkplain HubProperties options} of every
 * hub, per-hub overrides under {@code signet.hubs.<hub>.*}, and the limits of the whole server.
 *
 * <p>A hub's key in {@code signet.hubs} is its path ({@code "[/chat]"}, bracketed so that Spring
 * keeps the slash), its path without the slash ({@code chat}), its bean name or its simple class
 * name; a key that names no hub fails startup. Bound once at startup; not thread-safe.
 */
@ConfigurationProperties("signet")
public class SignetProperties extends HubProperties {

  /**
   * The most connections the server holds at once, across all hubs; past it, negotiate gets 503
   * with Retry-After (0: no limit). Default: 80% of the process's file-descriptor limit where the
   * JVM reports it, else no limit.
   */
  private Integer maximumConnections;

  /**
   * The most connections one authenticated user holds at once; past it, 429. Default: 0 (no
   * limit).
   */
  private Integer maximumConnectionsPerUser;

  /** Threads of the hub executor ({@code signet-hub-N}). Default: 4 per core, at least 8. */
  private Integer threads;

  /**
   * Whether the application's Jackson {@code ObjectMapper} bean binds hub arguments and writes
   * results (the SignalR envelope is written the same either way). Off: Signet's own mapper,
   * configured like ASP.NET Core's payload defaults (enums as numbers, property names read in any
   * case). Default: true.
   */
  private boolean useApplicationObjectMapper = true;

  /** Options of single hubs, by path, bean name or simple class name; they override the above. */
  private Map<String, HubProperties> hubs = new LinkedHashMap<>();

  /**
   * See {@code Signet.Builder#maximumConnections}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public Integer getMaximumConnections() {
    return maximumConnections;
  }

  /**
   * See {@code Signet.Builder#maximumConnections}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setMaximumConnections(Integer value) {
    this.maximumConnections = value;
  }

  /**
   * See {@code Signet.Builder#maximumConnectionsPerUser}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public Integer getMaximumConnectionsPerUser() {
    return maximumConnectionsPerUser;
  }

  /**
   * See {@code Signet.Builder#maximumConnectionsPerUser}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setMaximumConnectionsPerUser(Integer value) {
    this.maximumConnectionsPerUser = value;
  }

  /**
   * See {@code Signet.Builder#threads}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public Integer getThreads() {
    return threads;
  }

  /**
   * See {@code Signet.Builder#threads}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setThreads(Integer value) {
    this.threads = value;
  }

  /** {@return whether the application's {@code ObjectMapper} binds payloads} */
  public boolean isUseApplicationObjectMapper() {
    return useApplicationObjectMapper;
  }

  /**
   * Sets whether the application's {@code ObjectMapper} binds payloads.
   *
   * @param value whether it does
   */
  public void setUseApplicationObjectMapper(boolean value) {
    this.useApplicationObjectMapper = value;
  }

  /** {@return the per-hub overrides, by key} */
  public Map<String, HubProperties> getHubs() {
    return hubs;
  }

  /**
   * Replaces the per-hub overrides.
   *
   * @param value the overrides, by hub path
   */
  public void setHubs(Map<String, HubProperties> value) {
    this.hubs = value;
  }
}
