package io.signet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The client's side of stateful reconnect's numbering: what is processed, skipped and dropped
 * around a re-attach.
 */
class ReplayBufferTest {

  @Test
  void aSequenceArrivingBeforeTheReattachIsKnownStillResumesDelivery() throws Exception {
    ReplayBuffer buffer = new ReplayBuffer(100_000);
    assertThat(buffer.received()).isTrue(); // 1
    assertThat(buffer.received()).isTrue(); // 2

    buffer.detached();
    assertThat(buffer.received()).as("a late message of the old transport").isFalse();
    // The server answers the new WebSocket at once: its Sequence and replay may be read before
    // the opener of that WebSocket runs.
    buffer.sequence(2);
    assertThat(buffer.received()).as("2 again, a duplicate").isFalse();
    assertThat(buffer.received()).as("3, new").isTrue();
    buffer.reattached();

    assertThat(buffer.received()).as("4, after the opener ran").isTrue();
    assertThat(buffer.toAcknowledge()).isEqualTo(4);
  }

  @Test
  void messagesBetweenTheLossAndTheSequenceAreDropped() throws Exception {
    ReplayBuffer buffer = new ReplayBuffer(100_000);
    buffer.received();
    buffer.detached();
    buffer.reattached();

    assertThat(buffer.received()).isFalse();
    buffer.sequence(2);
    assertThat(buffer.received()).isTrue();
  }

  @Test
  void aSequencePastWhatWasProcessedIsAGap() {
    ReplayBuffer buffer = new ReplayBuffer(100_000);
    buffer.received();
    buffer.detached();

    assertThatThrownBy(() -> buffer.sequence(3))
        .isInstanceOf(ReplayBuffer.SequenceGapException.class);
  }

  @Test
  void theReplayStartsAtTheFirstUnacknowledgedMessage() {
    ReplayBuffer buffer = new ReplayBuffer(100_000);
    buffer.add(new byte[] {1});
    buffer.add(new byte[] {2});
    buffer.add(new byte[] {3});
    buffer.acknowledge(1);

    buffer.detached();
    ReplayBuffer.Replay replay = buffer.reattached();

    assertThat(replay.sequenceId()).isEqualTo(2);
    assertThat(replay.messages()).containsExactly(new byte[] {2}, new byte[] {3});
  }
}
