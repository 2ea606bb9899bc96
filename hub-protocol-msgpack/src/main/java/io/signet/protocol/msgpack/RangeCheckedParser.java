package io.signet.protocol.msgpack;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;
import java.math.BigInteger;

/**
 * A parser that refuses integers too large for the {@code int} or {@code long} asked for.
 * msgpack-java's parser narrows them silently (4294967295 read as an {@code int} is -1), where
 * Jackson's JSON parser, and so the JSON protocol, fails.
 */
final class RangeCheckedParser extends JsonParserDelegate {

  RangeCheckedParser(JsonParser parser) {
    super(parser);
  }

  @Override
  public int getIntValue() throws IOException {
    NumberType type = getNumberType();
    if (type == NumberType.LONG || type == NumberType.BIG_INTEGER) {
      BigInteger value = getBigIntegerValue();
      if (value.bitLength() > 31) {
        throw outOfRange(value, "int", Integer.TYPE);
      }
    }
    return super.getIntValue();
  }

  @Override
  public long getLongValue() throws IOException {
    if (getNumberType() == NumberType.BIG_INTEGER) {
      BigInteger value = getBigIntegerValue();
      if (value.bitLength() > 63) {
        throw outOfRange(value, "long", Long.TYPE);
      }
    }
    return super.getLongValue();
  }

  private InputCoercionException outOfRange(BigInteger value, String name, Class<?> type) {
    return new InputCoercionException(this,
        "Numeric value (" + value + ") out of range of " + name, JsonToken.VALUE_NUMBER_INT, type);
  }
}
