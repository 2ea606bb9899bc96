/**
 * The soak test: thousands of official JavaScript clients over every transport against one Signet
 * server for a minute (or, on request, for as long as asked), then a check that nothing was lost,
 * doubled or reordered and that the server is back where it started.
 */
package io.signet.interop.soak;
