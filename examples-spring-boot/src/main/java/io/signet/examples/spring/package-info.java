/** The simple chat of the examples, served by a Spring Boot application with the starter. */
package io.signet.examples.spring;
