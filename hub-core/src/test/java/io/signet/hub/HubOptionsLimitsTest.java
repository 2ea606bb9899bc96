package io.signet.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The defaults, validation and copying of the message and connection limits. */
class HubOptionsLimitsTest {

  @Test
  void defaults() {
    HubOptions options = HubOptions.DEFAULTS;
    assertThat(options.maximumNestingDepth()).isEqualTo(64);
    assertThat(options.maximumArgumentCount()).isEqualTo(64);
    assertThat(options.maximumPendingClientResults()).isEqualTo(100);
    assertThat(options.maximumOpenStreams()).isEqualTo(100);
  }

  @Test
  void theBuilderSetsThemAndToBuilderKeepsThem() {
    HubOptions options = HubOptions.builder().maximumNestingDepth(10).maximumArgumentCount(3)
        .maximumPendingClientResults(0).maximumOpenStreams(7).build();
    assertThat(options.toBuilder().build()).isEqualTo(options);
    assertThat(options.maximumNestingDepth()).isEqualTo(10);
    assertThat(options.maximumArgumentCount()).isEqualTo(3);
    assertThat(options.maximumPendingClientResults()).isZero();
    assertThat(options.maximumOpenStreams()).isEqualTo(7);
  }

  @Test
  void invalidValuesFail() {
    assertThatThrownBy(() -> HubOptions.builder().maximumNestingDepth(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maximumNestingDepth < 1");
    assertThatThrownBy(() -> HubOptions.builder().maximumArgumentCount(-1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maximumArgumentCount < 0");
    assertThatThrownBy(() -> HubOptions.builder().maximumPendingClientResults(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximumPendingClientResults < 0");
    assertThatThrownBy(() -> HubOptions.builder().maximumOpenStreams(-1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maximumOpenStreams < 0");
  }
}
