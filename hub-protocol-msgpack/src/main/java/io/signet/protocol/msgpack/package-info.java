/**
 * The SignalR MessagePack hub protocol: {@link io.signet.protocol.msgpack.MessagePackHubProtocol},
 * VarInt length-prefix framing and the MessagePack encoding of each message, with payload values
 * bound and written by Jackson's MessagePack dataformat.
 *
 * <p>Like {@code io.signet.protocol}, everything here is a pure function over bytes: no I/O and no
 * threads. Server and client share this package.
 */
package io.signet.protocol.msgpack;
