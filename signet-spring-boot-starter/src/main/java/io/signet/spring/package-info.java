/**
 * Spring Boot auto-configuration for Signet: hubs as Spring beans, created per call,
 * {@code HubContext} beans, {@code signet.*} properties, Spring Security users, and a shutdown
 * that closes every client before the web server's graceful shutdown. Entry point:
 * {@link io.signet.spring.SignetAutoConfiguration}, found through
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}.
 */
package io.signet.spring;
