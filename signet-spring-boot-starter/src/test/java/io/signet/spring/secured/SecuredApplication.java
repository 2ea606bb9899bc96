package io.signet.spring.secured;

import io.signet.hub.UserIdProvider;
import java.nio.charset.StandardCharsets;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A Spring Security resource server whose hub ({@link SecureHub}, at {@code /secure}) takes a JWT
 * as the official clients send it: {@code Authorization: Bearer} on negotiate, sends and long
 * polls, the {@code access_token} query parameter where a browser cannot set headers (its
 * WebSocket and Server-Sent Events requests). The README's security recipe.
 */
@SpringBootApplication
public class SecuredApplication {
  /** The HS256 key tokens are signed with; a real application reads it from its configuration. */
  public static final byte[] SECRET =
      "a test secret of at least 256 bits, for HS256 only".getBytes(StandardCharsets.UTF_8);

  @Bean
  SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
    // Browsers cannot give WebSockets and EventSource headers: their token comes in the query.
    // Spring takes it from GET requests only, which those are.
    DefaultBearerTokenResolver tokens = new DefaultBearerTokenResolver();
    tokens.setAllowUriQueryParameter(true);
    JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
    roles.setAuthoritiesClaimName("roles");
    roles.setAuthorityPrefix("ROLE_");
    JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
    authentication.setJwtGrantedAuthoritiesConverter(roles);
    return http
        .authorizeHttpRequests(requests -> requests
            .requestMatchers("/secure", "/secure/**").authenticated()
            .anyRequest().permitAll())
        .oauth2ResourceServer(server -> server
            .bearerTokenResolver(tokens)
            .jwt(jwt -> jwt.jwtAuthenticationConverter(authentication)))
        // Negotiate and the SSE and long-polling sends are POSTs that carry no CSRF token; Signet
        // refuses browser requests from other origins itself (403), and a bearer token is never
        // sent by a browser on its own, as a cookie is.
        .csrf(csrf -> csrf.ignoringRequestMatchers("/secure", "/secure/**"))
        .sessionManagement(session ->
            session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .build();
  }

  /** Used by the starter for {@code clients().user(id)} and {@code context().userIdentifier()}. */
  @Bean
  UserIdProvider userIdProvider() {
    return user -> "user:" + user.getName();
  }

  @Bean
  JwtDecoder jwtDecoder() {
    return NimbusJwtDecoder.withSecretKey(new SecretKeySpec(SECRET, "HmacSHA256")).build();
  }
}
