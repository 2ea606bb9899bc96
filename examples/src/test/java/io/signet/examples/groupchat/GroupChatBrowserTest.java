package io.signet.examples.groupchat;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.examples.chat.ChatApplication;
import io.signet.examples.chat.ChatOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The group chat as people use it, in headless Chromium: {@code e2e/groupchat-e2e.mjs} drives the
 * page through {@code playwright-core} (pinned in {@code e2e/package.json}) against the whole
 * example application, started here in-process on 127.0.0.1, a free port and a fresh data
 * directory, with a generated token secret as a user without flags gets.
 *
 * <p>The restart scenarios ask for restarts over the script's standard streams
 * ({@link E2eScript}): the application is closed and a new one started on the same port and data
 * directory, while the pages stay open.
 *
 * <p>Chromium is the system one, {@code /usr/bin/chromium} or {@code $CHROMIUM_PATH}. Without it
 * the test fails rather than skips. Screenshots land in {@code target/screenshots/}, pass or fail.
 */
class GroupChatBrowserTest {
  @TempDir
  Path data;

  /** The running application; replaced by the script's restarts, on the script's reader thread. */
  private volatile ChatApplication app;
  private int port;

  @BeforeEach
  void startApp() {
    app = ChatApplication.start(options(0));
    port = app.port();
  }

  @AfterEach
  void stopApp() {
    ChatApplication running = app;
    if (running != null) {
      running.close();
    }
  }

  @ParameterizedTest(name = "two users chat, a third in another group sees nothing, over {0}")
  @ValueSource(strings = {"WebSockets", "ServerSentEvents", "LongPolling"})
  void twoUsersChatAndAnotherGroupSeesNothing(String transport) throws Exception {
    run("chat", transport);
  }

  @ParameterizedTest(name = "typed messages all arrive once, in order, nothing typed lost, over {0}")
  @ValueSource(strings = {"WebSockets", "ServerSentEvents", "LongPolling"})
  void theComposerNeverLosesTextNorDoublesAMessage(String transport) throws Exception {
    run("composer", transport);
  }

  @Test
  void bothChatsFitAPhone() throws Exception {
    run("phone", null);
  }

  @Test
  void historyPagesBackAndAReaderScrolledUpStaysPut() throws Exception {
    run("scroll", null);
  }

  // Over each transport: presence and membership are where the transports differ most (a
  // connection's end, pushes to a user's every connection). Scroll and account run once, with the
  // transport negotiated: over each transport they would add some 75 s to the build for little.
  @ParameterizedTest(name = "groups joined and left explicitly, unread messages counted, over {0}")
  @ValueSource(strings = {"WebSockets", "ServerSentEvents", "LongPolling"})
  void groupsAreJoinedAndLeftExplicitlyAndUnreadMessagesCounted(String transport) throws Exception {
    run("membership", transport);
  }

  @Test
  void signUpAndSignInAreApartAndSendWaitsForTheConnection() throws Exception {
    run("account", null);
  }

  @ParameterizedTest(name = "members see who is online and who is typing, throttled, over {0}")
  @ValueSource(strings = {"WebSockets", "ServerSentEvents", "LongPolling"})
  void membersSeeWhoIsOnlineAndWhoIsTyping(String transport) throws Exception {
    run("presence", transport);
  }

  @Test
  void theSimpleChatKeepsItsBoxAtTheBottomAndRetriesAFailedSend() throws Exception {
    run("simple", null);
  }

  @Test
  void historySurvivesAServerRestart() throws Exception {
    run("history", null);
    assertThat(data.resolve(TokenSecret.FILE_NAME)).as("the generated token secret").exists();
  }

  @Test
  void thePageReconnectsByItselfAfterAServerRestart() throws Exception {
    run("reconnect", null);
  }

  @Test
  void aUserWithoutATokenIsRefused() throws Exception {
    run("unauthorized", null);
  }

  private void run(String scenario, String transport) throws Exception {
    E2eScript script = new E2eScript(e2eDir(), chromium(), screenshotDir());
    script.run(scenario, "http://127.0.0.1:" + port, transport, command -> {
      switch (command) {
        case "stop" -> {
          app.close();
          app = null;
          return "stopped";
        }
        case "start" -> {
          // The same port: the open pages reconnect to the URL they were loaded from.
          app = ChatApplication.start(options(port));
          return "started";
        }
        default -> throw new IllegalArgumentException("unknown command " + command);
      }
    });
  }

  private ChatOptions options(int onPort) {
    return new ChatOptions(onPort, "127.0.0.1", data, null);
  }

  /** The system Chromium; Playwright's browser downloads are not available on every machine. */
  static Path chromium() {
    String configured = System.getenv("CHROMIUM_PATH");
    Path path = Path.of(configured == null || configured.isEmpty()
        ? "/usr/bin/chromium" : configured);
    assertThat(Files.isExecutable(path))
        .as("Chromium at %s (set CHROMIUM_PATH to use another); install Debian's chromium "
            + "package: apt-get install chromium (.ci/run does)", path)
        .isTrue();
    return path;
  }

  static Path e2eDir() {
    Path dir = Path.of(System.getProperty("examples.e2eDir", "e2e")).toAbsolutePath();
    assertThat(dir.resolve("node_modules/playwright-core"))
        .as("playwright-core in %s; run `npm ci` there (mvn does it in "
            + "generate-test-resources)", dir)
        .isDirectory();
    return dir;
  }

  static Path screenshotDir() {
    return Path.of(System.getProperty("examples.screenshotDir", "target/screenshots"))
        .toAbsolutePath();
  }
}
