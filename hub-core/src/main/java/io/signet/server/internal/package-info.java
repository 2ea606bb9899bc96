/** Implementation of installation: the servlet in front of each hub endpoint, the shared timer. */
package io.signet.server.internal;
