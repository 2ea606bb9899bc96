package io.signet.protocol;

/** An enum payload: .NET writes enums as numbers. */
enum Color {
  RED,
  GREEN,
  BLUE
}
