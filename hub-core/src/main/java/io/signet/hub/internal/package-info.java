/**
 * Implementation of the hub layer: method discovery and validation, argument binding, the
 * per-connection hub protocol session, the invocation runner and the in-memory lifetime manager.
 */
package io.signet.hub.internal;
