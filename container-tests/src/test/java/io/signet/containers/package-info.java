/**
 * Signet installed into embedded Tomcat, Undertow and a hand-built Jetty the way an application
 * installs it, with the official JavaScript client over every transport, the containers' own logs
 * and response statuses watched, and each host's graceful shutdown.
 */
package io.signet.containers;
