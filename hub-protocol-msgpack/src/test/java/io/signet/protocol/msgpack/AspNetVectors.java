package io.signet.protocol.msgpack;

import io.signet.protocol.CancelInvocationMessage;
import io.signet.protocol.CloseMessage;
import io.signet.protocol.CompletionMessage;
import io.signet.protocol.HubMessage;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.PingMessage;
import io.signet.protocol.StreamInvocationMessage;
import io.signet.protocol.StreamItemMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The message encodings of ASP.NET Core's {@code MessagePackHubProtocolTestBase} and
 * {@code MessagePackHubProtocolTests} (src/SignalR/common/SignalR.Common/test), under their .NET
 * names: each message with the base64 of the body .NET writes for it.
 */
final class AspNetVectors {
  /** The .NET tests' {@code TestHeaders}. */
  static final Map<String, String> HEADERS = Map.of(
      "Foo", "Bar",
      "KeyWith\nNew\r\nLines", "Still Works",
      "ValueWithNewLines", "Also\nWorks\r\nFine");

  /** The .NET tests' {@code TestEnum}. */
  enum TestEnum {
    Zero,
    One
  }

  /** One vector: a message and the body (without length prefix) .NET writes for it. */
  record Vector(String name, HubMessage message, String base64) {
    byte[] body() {
      return TestBytes.base64(base64);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private AspNetVectors() {}

  /** {@code BaseTestData}: no payload that needs an object serializer. */
  static List<Vector> base() {
    return List.of(
        vector("InvocationWithNoHeadersAndNoArgs",
            new InvocationMessage("xyz", "method", List.of(), List.of(), null),
            "lgGAo3h5eqZtZXRob2SQkA=="),
        vector("InvocationWithNoHeadersNoIdAndNoArgs",
            InvocationMessage.nonBlocking("method", List.of()),
            "lgGAwKZtZXRob2SQkA=="),
        vector("InvocationWithNoHeadersNoIdAndSingleIntArg",
            InvocationMessage.nonBlocking("method", List.of(42)),
            "lgGAwKZtZXRob2SRKpA="),
        vector("InvocationWithNoHeadersNoIdIntAndStringArgs",
            InvocationMessage.nonBlocking("method", List.of(42, "string")),
            "lgGAwKZtZXRob2SSKqZzdHJpbmeQ"),
        vector("InvocationWithStreamArgument",
            new InvocationMessage(null, "Target", List.of(), List.of("__test_id__"), null),
            "lgGAwKZUYXJnZXSQkatfX3Rlc3RfaWRfXw=="),
        vector("InvocationWithStreamAndNormalArgument",
            new InvocationMessage(null, "Target", List.of(42), List.of("__test_id__"), null),
            "lgGAwKZUYXJnZXSRKpGrX190ZXN0X2lkX18="),
        vector("InvocationWithMultipleStreams",
            new InvocationMessage(null, "Target", List.of(), List.of("__test_id__",
                "__test_id2__"), null),
            "lgGAwKZUYXJnZXSQkqtfX3Rlc3RfaWRfX6xfX3Rlc3RfaWQyX18="),
        vector("StreamItemWithNoHeadersAndIntItem",
            new StreamItemMessage("xyz", 42, null),
            "lAKAo3h5eio="),
        vector("StreamItemWithNoHeadersAndFloatItem",
            new StreamItemMessage("xyz", 42.0f, null),
            "lAKAo3h5espCKAAA"),
        vector("StreamItemWithNoHeadersAndStringItem",
            new StreamItemMessage("xyz", "string", null),
            "lAKAo3h5eqZzdHJpbmc="),
        vector("StreamItemWithNoHeadersAndBoolItem",
            new StreamItemMessage("xyz", true, null),
            "lAKAo3h5esM="),
        vector("CompletionWithNoHeadersAndError",
            CompletionMessage.withError("xyz", "Error not found!"),
            "lQOAo3h5egGwRXJyb3Igbm90IGZvdW5kIQ=="),
        vector("CompletionWithHeadersAndError",
            new CompletionMessage("xyz", "Error not found!", null, false, HEADERS),
            "lQODo0Zvb6NCYXKyS2V5V2l0aApOZXcNCkxpbmVzq1N0aWxsIFdvcmtzsVZhbHVlV2l0aE5ld0xp"
            + "bmVzsEFsc28KV29ya3MNCkZpbmWjeHl6AbBFcnJvciBub3QgZm91bmQh"),
        vector("CompletionWithNoHeadersAndNoResult",
            CompletionMessage.empty("xyz"),
            "lAOAo3h5egI="),
        vector("CompletionWithHeadersAndNoResult",
            new CompletionMessage("xyz", null, null, false, HEADERS),
            "lAODo0Zvb6NCYXKyS2V5V2l0aApOZXcNCkxpbmVzq1N0aWxsIFdvcmtzsVZhbHVlV2l0aE5ld0xp"
            + "bmVzsEFsc28KV29ya3MNCkZpbmWjeHl6Ag=="),
        vector("CompletionWithNoHeadersAndIntResult",
            CompletionMessage.withResult("xyz", 42),
            "lQOAo3h5egMq"),
        vector("CompletionWithNoHeadersAndFloatResult",
            CompletionMessage.withResult("xyz", 42.0f),
            "lQOAo3h5egPKQigAAA=="),
        vector("CompletionWithNoHeadersAndStringResult",
            CompletionMessage.withResult("xyz", "string"),
            "lQOAo3h5egOmc3RyaW5n"),
        vector("CompletionWithNoHeadersAndBooleanResult",
            CompletionMessage.withResult("xyz", true),
            "lQOAo3h5egPD"),
        vector("StreamInvocationWithNoHeadersAndNoArgs",
            new StreamInvocationMessage("xyz", "method", List.of(), null, null),
            "lgSAo3h5eqZtZXRob2SQkA=="),
        vector("StreamInvocationWithNoHeadersAndIntArg",
            new StreamInvocationMessage("xyz", "method", List.of(42), null, null),
            "lgSAo3h5eqZtZXRob2SRKpA="),
        vector("StreamInvocationWithStreamArgument",
            new StreamInvocationMessage("xyz", "method", List.of(), List.of("__test_id__"), null),
            "lgSAo3h5eqZtZXRob2SQkatfX3Rlc3RfaWRfXw=="),
        vector("StreamInvocationWithStreamAndNormalArgument",
            new StreamInvocationMessage("xyz", "method", List.of(42), List.of("__test_id__"), null),
            "lgSAo3h5eqZtZXRob2SRKpGrX190ZXN0X2lkX18="),
        vector("StreamInvocationWithNoHeadersAndIntAndStringArgs",
            new StreamInvocationMessage("xyz", "method", List.of(42, "string"), null, null),
            "lgSAo3h5eqZtZXRob2SSKqZzdHJpbmeQ"),
        vector("CancelInvocationWithNoHeaders",
            new CancelInvocationMessage("xyz", null),
            "kwWAo3h5eg=="),
        vector("CancelInvocationWithHeaders",
            new CancelInvocationMessage("xyz", HEADERS),
            "kwWDo0Zvb6NCYXKyS2V5V2l0aApOZXcNCkxpbmVzq1N0aWxsIFdvcmtzsVZhbHVlV2l0aE5ld0xp"
            + "bmVzsEFsc28KV29ya3MNCkZpbmWjeHl6"),
        vector("Ping",
            PingMessage.INSTANCE,
            "kQY="),
        vector("CloseMessage",
            CloseMessage.EMPTY,
            "kwfAwg=="),
        vector("CloseMessage_HasError",
            new CloseMessage("Error!", false),
            "kwemRXJyb3Ihwg=="),
        vector("CloseMessage_HasAllowReconnect",
            new CloseMessage(null, true),
            "kwfAww=="),
        vector("CloseMessage_HasErrorAndAllowReconnect",
            new CloseMessage("Error!", true),
            "kwemRXJyb3Ihww=="));
  }

  /** {@code TestData}: nulls, enums (as names) and a custom object (a map, by member name). */
  static List<Vector> objects() {
    return List.of(
        vector("CompletionWithNoHeadersAndNullResult",
            CompletionMessage.withResult("xyz", null),
            "lQOAo3h5egPA"),
        vector("CompletionWithNoHeadersAndCustomObjectResult",
            CompletionMessage.withResult("xyz", CustomObject.sample()),
            "lQOAo3h5egOGqlN0cmluZ1Byb3CoU2lnbmFsUiGqRG91YmxlUHJvcMtAGSH7VELPEqdJbnRQcm9w"
            + "KqxEYXRlVGltZVByb3DW/1jsHICoTnVsbFByb3DAq0J5dGVBcnJQcm9wxAMBAgM="),
        vector("CompletionWithNoHeadersAndCustomObjectArrayResult",
            CompletionMessage.withResult("xyz", List.of(CustomObject.sample(),
                CustomObject.sample())),
            "lQOAo3h5egOShqpTdHJpbmdQcm9wqFNpZ25hbFIhqkRvdWJsZVByb3DLQBkh+1RCzxKnSW50UHJv"
            + "cCqsRGF0ZVRpbWVQcm9w1v9Y7ByAqE51bGxQcm9wwKtCeXRlQXJyUHJvcMQDAQIDhqpTdHJpbmdQ"
            + "cm9wqFNpZ25hbFIhqkRvdWJsZVByb3DLQBkh+1RCzxKnSW50UHJvcCqsRGF0ZVRpbWVQcm9w1v9Y"
            + "7ByAqE51bGxQcm9wwKtCeXRlQXJyUHJvcMQDAQID"),
        vector("CompletionWithHeadersAndCustomObjectArrayResult",
            new CompletionMessage("xyz", null, List.of(CustomObject.sample(),
                CustomObject.sample()), true, HEADERS),
            "lQODo0Zvb6NCYXKyS2V5V2l0aApOZXcNCkxpbmVzq1N0aWxsIFdvcmtzsVZhbHVlV2l0aE5ld0xp"
            + "bmVzsEFsc28KV29ya3MNCkZpbmWjeHl6A5KGqlN0cmluZ1Byb3CoU2lnbmFsUiGqRG91YmxlUHJv"
            + "cMtAGSH7VELPEqdJbnRQcm9wKqxEYXRlVGltZVByb3DW/1jsHICoTnVsbFByb3DAq0J5dGVBcnJQ"
            + "cm9wxAMBAgOGqlN0cmluZ1Byb3CoU2lnbmFsUiGqRG91YmxlUHJvcMtAGSH7VELPEqdJbnRQcm9w"
            + "KqxEYXRlVGltZVByb3DW/1jsHICoTnVsbFByb3DAq0J5dGVBcnJQcm9wxAMBAgM="),
        vector("CompletionWithNoHeadersAndEnumResult",
            CompletionMessage.withResult("xyz", TestEnum.One),
            "lQOAo3h5egOjT25l"),
        vector("InvocationWithNoHeadersNoIdAndSingleNullArg",
            InvocationMessage.nonBlocking("method", Arrays.asList((Object) null)),
            "lgGAwKZtZXRob2SRwJA="),
        vector("InvocationWithNoHeadersNoIdIntAndEnumArgs",
            InvocationMessage.nonBlocking("method", List.of(42, TestEnum.One)),
            "lgGAwKZtZXRob2SSKqNPbmWQ"),
        vector("InvocationWithNoHeadersNoIdAndCustomObjectArg",
            InvocationMessage.nonBlocking("method", List.of(42, "string", CustomObject.sample())),
            "lgGAwKZtZXRob2STKqZzdHJpbmeGqlN0cmluZ1Byb3CoU2lnbmFsUiGqRG91YmxlUHJvcMtAGSH7"
            + "VELPEqdJbnRQcm9wKqxEYXRlVGltZVByb3DW/1jsHICoTnVsbFByb3DAq0J5dGVBcnJQcm9wxAMB"
            + "AgOQ"),
        vector("InvocationWithNoHeadersNoIdAndArrayOfCustomObjectArgs",
            InvocationMessage.nonBlocking("method", List.of(CustomObject.sample(),
                CustomObject.sample())),
            "lgGAwKZtZXRob2SShqpTdHJpbmdQcm9wqFNpZ25hbFIhqkRvdWJsZVByb3DLQBkh+1RCzxKnSW50"
            + "UHJvcCqsRGF0ZVRpbWVQcm9w1v9Y7ByAqE51bGxQcm9wwKtCeXRlQXJyUHJvcMQDAQIDhqpTdHJp"
            + "bmdQcm9wqFNpZ25hbFIhqkRvdWJsZVByb3DLQBkh+1RCzxKnSW50UHJvcCqsRGF0ZVRpbWVQcm9w"
            + "1v9Y7ByAqE51bGxQcm9wwKtCeXRlQXJyUHJvcMQDAQIDkA=="),
        vector("InvocationWithHeadersNoIdAndArrayOfCustomObjectArgs",
            new InvocationMessage(null, "method", List.of(CustomObject.sample(),
                CustomObject.sample()), null, HEADERS),
            "lgGDo0Zvb6NCYXKyS2V5V2l0aApOZXcNCkxpbmVzq1N0aWxsIFdvcmtzsVZhbHVlV2l0aE5ld0xp"
            + "bmVzsEFsc28KV29ya3MNCkZpbmXApm1ldGhvZJKGqlN0cmluZ1Byb3CoU2lnbmFsUiGqRG91Ymxl"
            + "UHJvcMtAGSH7VELPEqdJbnRQcm9wKqxEYXRlVGltZVByb3DW/1jsHICoTnVsbFByb3DAq0J5dGVB"
            + "cnJQcm9wxAMBAgOGqlN0cmluZ1Byb3CoU2lnbmFsUiGqRG91YmxlUHJvcMtAGSH7VELPEqdJbnRQ"
            + "cm9wKqxEYXRlVGltZVByb3DW/1jsHICoTnVsbFByb3DAq0J5dGVBcnJQcm9wxAMBAgOQ"),
        vector("StreamItemWithNoHeadersAndNullItem",
            new StreamItemMessage("xyz", null, null),
            "lAKAo3h5esA="),
        vector("StreamItemWithNoHeadersAndEnumItem",
            new StreamItemMessage("xyz", TestEnum.One, null),
            "lAKAo3h5eqNPbmU="),
        vector("StreamItemWithNoHeadersAndCustomObjectItem",
            new StreamItemMessage("xyz", CustomObject.sample(), null),
            "lAKAo3h5eoaqU3RyaW5nUHJvcKhTaWduYWxSIapEb3VibGVQcm9wy0AZIftUQs8Sp0ludFByb3Aq"
            + "rERhdGVUaW1lUHJvcNb/WOwcgKhOdWxsUHJvcMCrQnl0ZUFyclByb3DEAwECAw=="),
        vector("StreamItemWithNoHeadersAndCustomObjectArrayItem",
            new StreamItemMessage("xyz", List.of(CustomObject.sample(), CustomObject.sample()),
                null),
            "lAKAo3h5epKGqlN0cmluZ1Byb3CoU2lnbmFsUiGqRG91YmxlUHJvcMtAGSH7VELPEqdJbnRQcm9w"
            + "KqxEYXRlVGltZVByb3DW/1jsHICoTnVsbFByb3DAq0J5dGVBcnJQcm9wxAMBAgOGqlN0cmluZ1By"
            + "b3CoU2lnbmFsUiGqRG91YmxlUHJvcMtAGSH7VELPEqdJbnRQcm9wKqxEYXRlVGltZVByb3DW/1js"
            + "HICoTnVsbFByb3DAq0J5dGVBcnJQcm9wxAMBAgM="),
        vector("StreamItemWithHeadersAndCustomObjectArrayItem",
            new StreamItemMessage("xyz", List.of(CustomObject.sample(), CustomObject.sample()),
                HEADERS),
            "lAKDo0Zvb6NCYXKyS2V5V2l0aApOZXcNCkxpbmVzq1N0aWxsIFdvcmtzsVZhbHVlV2l0aE5ld0xp"
            + "bmVzsEFsc28KV29ya3MNCkZpbmWjeHl6koaqU3RyaW5nUHJvcKhTaWduYWxSIapEb3VibGVQcm9w"
            + "y0AZIftUQs8Sp0ludFByb3AqrERhdGVUaW1lUHJvcNb/WOwcgKhOdWxsUHJvcMCrQnl0ZUFyclBy"
            + "b3DEAwECA4aqU3RyaW5nUHJvcKhTaWduYWxSIapEb3VibGVQcm9wy0AZIftUQs8Sp0ludFByb3Aq"
            + "rERhdGVUaW1lUHJvcNb/WOwcgKhOdWxsUHJvcMCrQnl0ZUFyclByb3DEAwECAw=="),
        vector("StreamInvocationWithNoHeadersAndEnumArg",
            new StreamInvocationMessage("xyz", "method", List.of(TestEnum.One), null, null),
            "lgSAo3h5eqZtZXRob2SRo09uZZA="),
        vector("StreamInvocationWithNoHeadersAndNullArg",
            new StreamInvocationMessage("xyz", "method", Arrays.asList((Object) null), null, null),
            "lgSAo3h5eqZtZXRob2SRwJA="),
        vector("StreamInvocationWithNoHeadersAndIntStringAndCustomObjectArgs",
            new StreamInvocationMessage("xyz", "method", List.of(42, "string",
                CustomObject.sample()), null, null),
            "lgSAo3h5eqZtZXRob2STKqZzdHJpbmeGqlN0cmluZ1Byb3CoU2lnbmFsUiGqRG91YmxlUHJvcMtA"
            + "GSH7VELPEqdJbnRQcm9wKqxEYXRlVGltZVByb3DW/1jsHICoTnVsbFByb3DAq0J5dGVBcnJQcm9w"
            + "xAMBAgOQ"),
        vector("StreamInvocationWithNoHeadersAndCustomObjectArrayArg",
            new StreamInvocationMessage("xyz", "method", List.of(CustomObject.sample(),
                CustomObject.sample()), null, null),
            "lgSAo3h5eqZtZXRob2SShqpTdHJpbmdQcm9wqFNpZ25hbFIhqkRvdWJsZVByb3DLQBkh+1RCzxKn"
            + "SW50UHJvcCqsRGF0ZVRpbWVQcm9w1v9Y7ByAqE51bGxQcm9wwKtCeXRlQXJyUHJvcMQDAQIDhqpT"
            + "dHJpbmdQcm9wqFNpZ25hbFIhqkRvdWJsZVByb3DLQBkh+1RCzxKnSW50UHJvcCqsRGF0ZVRpbWVQ"
            + "cm9w1v9Y7ByAqE51bGxQcm9wwKtCeXRlQXJyUHJvcMQDAQIDkA=="),
        vector("StreamInvocationWithHeadersAndCustomObjectArrayArg",
            new StreamInvocationMessage("xyz", "method", List.of(CustomObject.sample(),
                CustomObject.sample()), null, HEADERS),
            "lgSDo0Zvb6NCYXKyS2V5V2l0aApOZXcNCkxpbmVzq1N0aWxsIFdvcmtzsVZhbHVlV2l0aE5ld0xp"
            + "bmVzsEFsc28KV29ya3MNCkZpbmWjeHl6pm1ldGhvZJKGqlN0cmluZ1Byb3CoU2lnbmFsUiGqRG91"
            + "YmxlUHJvcMtAGSH7VELPEqdJbnRQcm9wKqxEYXRlVGltZVByb3DW/1jsHICoTnVsbFByb3DAq0J5"
            + "dGVBcnJQcm9wxAMBAgOGqlN0cmluZ1Byb3CoU2lnbmFsUiGqRG91YmxlUHJvcMtAGSH7VELPEqdJ"
            + "bnRQcm9wKqxEYXRlVGltZVByb3DW/1jsHICoTnVsbFByb3DAq0J5dGVBcnJQcm9wxAMBAgOQ"));
  }

  private static Vector vector(String name, HubMessage message, String base64) {
    return new Vector(name, message, base64);
  }
}
