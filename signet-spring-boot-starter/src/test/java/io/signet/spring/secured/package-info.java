/** A Spring Security resource server whose hub takes the official clients' bearer tokens. */
package io.signet.spring.secured;
