package io.signet.protocol.msgpack;

/** An enum payload: .NET's MessagePack protocol writes enums as their names. */
enum Color {
  RED,
  GREEN,
  BLUE
}
