/**
 * Scale-out interop: the official clients against several Signet nodes sharing one real
 * {@code redis-server}, with requests of one connection spread over the nodes.
 */
package io.signet.interop.scaleout;
