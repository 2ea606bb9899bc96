package io.signet.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signet.protocol.AckMessage;
import io.signet.protocol.CancelInvocationMessage;
import io.signet.protocol.CloseMessage;
import io.signet.protocol.CompletionMessage;
import io.signet.protocol.HubMessage;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.PingMessage;
import io.signet.protocol.SequenceMessage;
import io.signet.protocol.StreamInvocationMessage;
import io.signet.protocol.StreamItemMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Counting, deduplicating and acknowledging what a client with stateful reconnect sends. */
class ReceivedSequenceTest {

  private static InvocationMessage call(int n) {
    return new InvocationMessage(null, "Record", List.of(n), List.of(), Map.of());
  }

  /** The numbers of the calls among {@code messages} that get through, in order. */
  private static List<Object> processed(ReceivedSequence sequence, HubMessage... messages)
      throws ReceivedSequence.SequenceException {
    List<Object> through = new ArrayList<>();
    for (HubMessage message : messages) {
      if (sequence.shouldProcess(message) && message instanceof InvocationMessage call) {
        through.add(call.arguments().get(0));
      }
    }
    return through;
  }

  @Test
  void tracksTheFiveMessageTypesThatCarryCalls() {
    assertThat(ReceivedSequence.isTrackable(call(1))).isTrue();
    assertThat(ReceivedSequence.isTrackable(new StreamItemMessage("1", 1, Map.of()))).isTrue();
    assertThat(ReceivedSequence.isTrackable(CompletionMessage.empty("1"))).isTrue();
    assertThat(ReceivedSequence.isTrackable(
        new StreamInvocationMessage("1", "s", List.of(), List.of(), Map.of()))).isTrue();
    assertThat(ReceivedSequence.isTrackable(new CancelInvocationMessage("1", Map.of()))).isTrue();
    assertThat(ReceivedSequence.isTrackable(PingMessage.INSTANCE)).isFalse();
    assertThat(ReceivedSequence.isTrackable(CloseMessage.EMPTY)).isFalse();
    assertThat(ReceivedSequence.isTrackable(new AckMessage(1))).isFalse();
    assertThat(ReceivedSequence.isTrackable(new SequenceMessage(1))).isFalse();
  }

  @Test
  void untrackedMessagesAreNeitherCountedNorDropped() throws Exception {
    ReceivedSequence sequence = new ReceivedSequence();
    assertThat(sequence.shouldProcess(PingMessage.INSTANCE)).isTrue();
    assertThat(sequence.shouldProcess(new AckMessage(5))).isTrue();
    assertThat(processed(sequence, call(1), PingMessage.INSTANCE, call(2))).containsExactly(1, 2);
    assertThat(sequence.latest()).isEqualTo(2);
  }

  @Test
  void afterAResumeDropsEverythingUntilTheSequenceThenSkipsDuplicates() throws Exception {
    ReceivedSequence sequence = new ReceivedSequence();
    assertThat(processed(sequence, call(1), call(2), call(3))).containsExactly(1, 2, 3);
    sequence.resumed();
    // A straggler of the old transport, a ping, then the client's Sequence and its resend of
    // 2 and 3 (never acknowledged) before its new message 4.
    assertThat(processed(sequence, call(99), PingMessage.INSTANCE, new SequenceMessage(2),
        call(2), call(3), call(4), call(5))).containsExactly(4, 5);
    assertThat(sequence.latest()).isEqualTo(5);
  }

  @Test
  void aSequenceOneBeyondWhatWasReceivedIsTheNextMessage() throws Exception {
    ReceivedSequence sequence = new ReceivedSequence();
    processed(sequence, call(1), call(2));
    sequence.resumed();
    assertThat(processed(sequence, new SequenceMessage(3), call(3))).containsExactly(3);
  }

  @ParameterizedTest
  @ValueSource(longs = {4, 1_000_000, Long.MAX_VALUE})
  void aSequenceBeyondTheNextExpectedMessageFailsWithAspNetCoresText(long sequenceId)
      throws Exception {
    ReceivedSequence sequence = new ReceivedSequence();
    processed(sequence, call(1), call(2));
    sequence.resumed();
    assertThatThrownBy(() -> sequence.shouldProcess(new SequenceMessage(sequenceId)))
        .isInstanceOf(ReceivedSequence.SequenceException.class)
        .hasMessage("Sequence ID greater than amount of messages we've received.");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, -1_000_000, Long.MIN_VALUE})
  void aSequenceThatRewindsOnlyDropsTheClientsOwnMessagesUntilTheyAreNew(long sequenceId)
      throws Exception {
    ReceivedSequence sequence = new ReceivedSequence();
    processed(sequence, call(1), call(2));
    sequence.resumed();
    List<HubMessage> messages = new ArrayList<>();
    messages.add(new SequenceMessage(sequenceId));
    List<Object> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      messages.add(call(100 + i));
      if (sequenceId + i > 2) {
        expected.add(100 + i); // numbered beyond the last one processed: new to the server
      }
    }
    // Whatever a hostile client claims, no number up to the last one processed runs again, and
    // nothing fails: its own messages are dropped until the numbering passes 2.
    assertThat(processed(sequence, messages.toArray(HubMessage[]::new)))
        .containsExactlyElementsOf(expected);
    assertThat(sequence.latest()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aSequenceOutOfTurnRewindsAsInAspNetCore() throws Exception {
    ReceivedSequence sequence = new ReceivedSequence();
    processed(sequence, call(1), call(2), call(3));
    assertThat(processed(sequence, new SequenceMessage(2), call(2), call(3), call(4)))
        .containsExactly(4);
  }

  @Test
  void acknowledgesWhatArrivedOnceAndAgainAfterAResume() throws Exception {
    ReceivedSequence sequence = new ReceivedSequence();
    assertThat(sequence.takeAck()).as("nothing received").isNull();
    processed(sequence, call(1), call(2));
    assertThat(sequence.takeAck()).isEqualTo(new AckMessage(2));
    assertThat(sequence.takeAck()).as("nothing new").isNull();
    processed(sequence, PingMessage.INSTANCE);
    assertThat(sequence.takeAck()).as("pings are not acknowledged").isNull();
    sequence.resumed();
    // The last Ack may have been lost with the old transport.
    assertThat(sequence.takeAck()).isEqualTo(new AckMessage(2));
    processed(sequence, new SequenceMessage(3), call(3));
    assertThat(sequence.takeAck()).isEqualTo(new AckMessage(3));
  }
}
