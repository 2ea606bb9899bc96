package io.signet.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signet.hub.Hub;
import io.signet.hub.HubMethodName;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Hubs are validated once, at registration; invalid ones fail naming the class and method. */
class HubMethodTableTest {

  public static class Valid extends Hub {
    public String a(String s) {
      return s;
    }

    public CompletionStage<Integer> b(List<Map<String, Integer>> values) {
      return null;
    }

    public static String notAHubMethod() {
      return "";
    }

    @Override
    public void onConnected() {}
  }

  public static class Overloaded extends Hub {
    public void send(String s) {}

    public void send(String s, int i) {}
  }

  public static class CaseClash extends Hub {
    public void send() {}

    @HubMethodName("SEND")
    public void other() {}
  }

  public static class Streams extends Hub {
    public void upload(String label, Flow.Publisher<Integer> items) {}

    public Stream<String> items() {
      return Stream.empty();
    }

    public Flow.Publisher<String> published() {
      return null;
    }
  }

  @SuppressWarnings("rawtypes")
  public static class RawPublisherParameter extends Hub {
    public void upload(Flow.Publisher items) {}
  }

  public static class FutureReturn extends Hub {
    public java.util.concurrent.Future<String> later() {
      return null;
    }
  }

  public static class GenericMethod extends Hub {
    public <T> T pick(T value) {
      return value;
    }
  }

  public abstract static class Abstract extends Hub {}

  static class NotPublic extends Hub {}

  public static class NoDefaultConstructor extends Hub {
    public NoDefaultConstructor(String dependency) {}
  }

  @Test
  void discoversPublicInstanceMethodsOnly() {
    HubMethodTable table = HubMethodTable.of(Valid.class);
    assertThat(table.methods()).extracting(HubMethod::name).containsExactlyInAnyOrder("a", "b");
    assertThat(table.find("A").name()).isEqualTo("a");
    assertThat(table.find("b").returnsStage()).isTrue();
    assertThat(table.find("notAHubMethod")).isNull();
    assertThat(table.find("onConnected")).isNull();
    assertThat(table.find("context")).isNull();
    assertThat(table.find("toString")).isNull();
  }

  @Test
  void rejectsOverloadsAndNamesThatClashIgnoringCase() {
    assertThatThrownBy(() -> HubMethodTable.of(Overloaded.class))
        .hasMessageContaining(Overloaded.class.getName())
        .hasMessageContaining("'send'")
        .hasMessageContaining("overloads are not supported");
    assertThatThrownBy(() -> HubMethodTable.of(CaseClash.class))
        .hasMessageContaining(CaseClash.class.getName());
  }

  @Test
  void recognisesStreamsInBothDirections() {
    HubMethodTable table = HubMethodTable.of(Streams.class);
    HubMethod upload = table.find("upload");
    assertThat(upload.streamParameters()).containsExactly(1);
    assertThat(upload.streamItemTypes()).containsExactly(Integer.class);
    assertThat(upload.argumentCount()).isEqualTo(1);
    assertThat(upload.isStreaming()).isFalse();
    assertThat(table.find("items").isStreaming()).isTrue();
    assertThat(table.find("published").isStreaming()).isTrue();
  }

  @Test
  void rejectsUnsupportedTypesNamingTheMethod() {
    assertThatThrownBy(() -> HubMethodTable.of(RawPublisherParameter.class))
        .hasMessageContaining(RawPublisherParameter.class.getName() + ".upload")
        .hasMessageContaining("item type");
    assertThatThrownBy(() -> HubMethodTable.of(FutureReturn.class))
        .hasMessageContaining(FutureReturn.class.getName() + ".later");
    assertThatThrownBy(() -> HubMethodTable.of(GenericMethod.class))
        .hasMessageContaining(GenericMethod.class.getName() + ".pick");
  }

  @Test
  void rejectsClassesThatCannotServe() {
    assertThatThrownBy(() -> HubMethodTable.of(Abstract.class)).hasMessageContaining("abstract");
    assertThatThrownBy(() -> HubMethodTable.of(NotPublic.class)).hasMessageContaining("public");
    assertThatThrownBy(() -> HubActivator.of(NoDefaultConstructor.class, null))
        .hasMessageContaining(NoDefaultConstructor.class.getName())
        .hasMessageContaining("factory");
    assertThat(HubActivator.of(NoDefaultConstructor.class, () -> new NoDefaultConstructor("x")))
        .isNotNull();
  }
}
