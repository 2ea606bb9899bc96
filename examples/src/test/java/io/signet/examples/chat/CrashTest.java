package io.signet.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server serving alone (no {@code --redis}) killed with {@code kill -9} right after answering
 * {@code 201}: what it answered as saved is there when it starts again on the same data
 * directory. {@code TwoServersTest} checks the same for the server that serves a shared database.
 */
class CrashTest {
  @TempDir
  Path data;

  private ChatProcess server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void whatWasAnsweredAsSavedSurvivesKillMinus9() throws Exception {
    server = ChatProcess.start("alone", "--db", data.toString());
    GroupChatApi api = new GroupChatApi(server.uri());
    String alice = api.signIn("alice");
    long team = api.post("api/groups", alice, "{\"name\":\"Team\"}", 201).get("id").asLong();
    String messages = "api/groups/" + team + "/messages";
    JsonNode saved = api.post(messages, alice, "{\"text\":\"the last word\"}", 201);

    server.kill(); // at once, no shutdown hook: whatever was not in the file yet is gone

    server = ChatProcess.start("alone, again", "--db", data.toString());
    api = new GroupChatApi(server.uri());
    JsonNode history = api.get(messages, api.signIn("alice"));
    assertThat(history).hasSize(1);
    assertThat(history.get(0)).isEqualTo(saved);
  }
}
