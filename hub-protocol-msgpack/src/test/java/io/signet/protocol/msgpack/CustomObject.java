package io.signet.protocol.msgpack;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The {@code CustomObject} of ASP.NET Core's MessagePack protocol tests, with its .NET property
 * names, so that its serialized form can be compared byte for byte.
 */
record CustomObject(String StringProp, double DoubleProp, int IntProp, Instant DateTimeProp,
    Object NullProp, byte[] ByteArrProp) {

  /** The instance the .NET tests serialize: the defaults of its properties. */
  static CustomObject sample() {
    return new CustomObject("SignalR!", 6.2831853071, 42, Instant.parse("2017-04-11T00:00:00Z"),
        null, new byte[] {1, 2, 3});
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CustomObject o
        && Objects.equals(StringProp, o.StringProp) && DoubleProp == o.DoubleProp
        && IntProp == o.IntProp && Objects.equals(DateTimeProp, o.DateTimeProp)
        && Objects.equals(NullProp, o.NullProp) && Arrays.equals(ByteArrProp, o.ByteArrProp);
  }

  @Override
  public int hashCode() {
    return Objects.hash(StringProp, IntProp);
  }
}
