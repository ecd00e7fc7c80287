package dev.rapport.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {
  final Topics topics = new Topics("lab-3", "gw1");

  @Test
  void shouldBuildTheDocumentedTree() {
    assertThat(topics.dyad("00a1", "00b2")).isEqualTo("rapport/lab-3/gw1/dyad/00a1/00b2");
    assertThat(topics.badgeStatus("00a1")).isEqualTo("rapport/lab-3/gw1/badge/00a1/status");
    assertThat(topics.gatewayStatus()).isEqualTo("rapport/lab-3/gw1/status");
    assertThat(topics.event()).isEqualTo("rapport/lab-3/gw1/event");
    assertThat(topics.command()).isEqualTo("rapport/lab-3/gw1/command");
    assertThat(topics.commandResult()).isEqualTo("rapport/lab-3/gw1/command/result");
    assertThat(topics.all()).isEqualTo("rapport/lab-3/gw1/#");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "a+b",
        "a#",
        "a/b",
        "tab\there",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
      })
  void shouldRejectSegmentsThatWouldBreakTheTree(String bad) {
    assertThatThrownBy(() -> new Topics(bad, "gw1")).hasMessageContaining("site=");
    assertThatThrownBy(() -> new Topics("lab", bad)).hasMessageContaining("gateway=");
    assertThatThrownBy(() -> topics.badgeStatus(bad)).hasMessageContaining("badge=");
    assertThatThrownBy(() -> topics.dyad(bad, "zzzz")).hasMessageContaining("badge_a=");
  }

  @Test
  void shouldRejectNullAndUnorderedDyads() {
    assertThatThrownBy(() -> new Topics(null, "gw1")).hasMessageContaining("site=null");
    assertThatThrownBy(() -> topics.dyad("00b2", "00a1"))
        .hasMessageContaining("badge_a=00b2 badge_b=00a1");
    assertThatThrownBy(() -> topics.dyad("00a1", "00a1")).hasMessageContaining("badge_a=00a1");
  }
}
