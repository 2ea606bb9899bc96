/** A Spring Boot application serving hubs through the starter, for the tests. */
package io.signet.spring.app;
