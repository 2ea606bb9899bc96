/**
 * Signet installed into embedded Tomcat, Undertow, a hand-built Jetty and a Spring Boot
 * application the way an application installs it, with the official JavaScript client over every
 * transport, the containers' own logs and response statuses watched, and each host's graceful
 * shutdown, also by SIGTERM to a process of its own.
 */
package io.signet.containers;
