/** Hub beans behind Spring proxies: a scoped proxy and an AOP proxy. */
package io.signet.spring.proxied;
