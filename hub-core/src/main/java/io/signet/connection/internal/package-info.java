/** Implementation of the connection layer: registry, ids, negotiate and HTTP dispatch. */
package io.signet.connection.internal;
