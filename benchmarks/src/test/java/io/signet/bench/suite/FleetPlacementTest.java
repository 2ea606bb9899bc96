package io.signet.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The placement of clients on the nodes of a cluster: a scale-out run proves cross-node delivery
 * only if every audience it sends to has members on both nodes.
 */
class FleetPlacementTest {
  private static final int NODES = 2;

  @Test
  void spreadsClientsEvenly() {
    int[] perNode = new int[NODES];
    for (int i = 0; i < 1000; i++) {
      perNode[Fleet.nodeOf(i, NODES)]++;
    }
    assertThat(perNode).containsExactly(500, 500);
  }

  @Test
  void everyGroupOfEitherShapeSpansBothNodes() {
    assertEveryGroupSpansBothNodes(100, i -> i % 10); // ten groups of a tenth
    assertEveryGroupSpansBothNodes(100, i -> i / 10); // groups of ten
  }

  @Test
  void sendersSpanBothNodes() {
    Set<Integer> nodes = new HashSet<>();
    for (int sender = 0; sender < 2; sender++) {
      nodes.add(Fleet.nodeOf(sender, NODES));
    }
    assertThat(nodes).containsExactlyInAnyOrder(0, 1);
  }

  @Test
  void oneNodeTakesEveryone() {
    for (int i = 0; i < 100; i++) {
      assertThat(Fleet.nodeOf(i, 1)).isZero();
    }
  }

  private static void assertEveryGroupSpansBothNodes(int members, IntUnaryOperator groupOf) {
    Map<Integer, Set<Integer>> nodesByGroup = new HashMap<>();
    for (int i = 0; i < members; i++) {
      nodesByGroup.computeIfAbsent(groupOf.applyAsInt(i), g -> new HashSet<>())
          .add(Fleet.nodeOf(i, NODES));
    }
    assertThat(nodesByGroup).hasSize(10);
    nodesByGroup.forEach((group, nodes) ->
        assertThat(nodes).as("group " + group).containsExactlyInAnyOrder(0, 1));
  }
}
