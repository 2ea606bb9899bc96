package io.signet.examples.groupchat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signet.examples.chat.ChatApplication;
import io.signet.examples.chat.ChatOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API and the hub's authentication, over HTTP on loopback with the JDK's client. */
class GroupChatApiTest {
  private static final String SECRET = "a test secret of at least thirty-two characters";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path data;

  private ChatApplication app;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() {
    app = ChatApplication.start(new ChatOptions(0, "127.0.0.1", data, SECRET));
  }

  @AfterEach
  void stop() {
    app.close();
  }

  @Test
  void signUpCreatesAnAccountThatThenNeedsItsPassword() throws Exception {
    String right = "{\"name\":\"alice\",\"password\":\"password1\"}";
    Response unknown = post("/api/signin", null, right);
    Response up = post("/api/signup", null, right);
    Response in = post("/api/signin", null, right);
    Response wrong = post("/api/signin", null, right.replace("password1", "password2"));

    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.error())
        .isEqualTo("There is no account named alice; check the name, or sign up");
    assertThat(up.status()).isEqualTo(201);
    assertThat(up.json().get("created").asBoolean()).isTrue();
    assertThat(up.json().get("user").asText()).isEqualTo("alice");
    assertThat(in.status()).isEqualTo(200);
    assertThat(in.json().get("created").asBoolean()).isFalse();
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.error()).isEqualTo("Wrong password for alice");
  }

  @Test
  void namesAreUniqueRegardlessOfCase() throws Exception {
    String alice = signIn("alice");
    Response taken = post("/api/signup", null,
        "{\"name\":\"Alice\",\"password\":\"password2\"}");
    Response shouting = post("/api/signin", null,
        "{\"name\":\"ALICE\",\"password\":\"password1\"}");
    post("/api/groups", alice, "{\"name\":\"Team Rocket\"}");
    Response group = post("/api/groups", alice, "{\"name\":\"team rocket\"}");

    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.error())
        .isEqualTo("The name Alice is taken; choose another, or sign in if it is yours");
    assertThat(shouting.status()).isEqualTo(200);
    assertThat(shouting.json().get("user").asText()).isEqualTo("alice");
    assertThat(group.status()).isEqualTo(409);
    assertThat(get("/api/groups", alice).json()).hasSize(1);
  }

  @Test
  void signInChecksItsInput() throws Exception {
    assertThat(post("/api/signin", null, "not json").error())
        .isEqualTo("The body must be a JSON object");
    assertThat(post("/api/signin", null, "{\"password\":\"password1\"}").error())
        .isEqualTo("The name is missing: send it as text in \"name\"");
    assertThat(post("/api/signup", null, "{\"name\":\"<b>\",\"password\":\"password1\"}").error())
        .isEqualTo("A name may hold letters, digits, spaces, dots, underscores and hyphens only");
    Response shortPassword = post("/api/signin", null,
        "{\"name\":\"bob\",\"password\":\"short\"}");
    assertThat(shortPassword.status()).isEqualTo(400);
    assertThat(shortPassword.error()).isEqualTo("The password needs 8 to 200 characters");
    assertThat(get("/api/signin", null).status()).isEqualTo(405);
  }

  @Test
  void wrongPasswordsForANameAreThrottled() throws Exception {
    signIn("alice");
    String wrong = "{\"name\":\"alice\",\"password\":\"guess-guess\"}";
    for (int i = 0; i < SignInThrottle.PER_NAME.burst(); i++) {
      assertThat(post("/api/signin", null, wrong).status()).isEqualTo(401);
    }

    Response guess = post("/api/signin", null, wrong);
    Response right = post("/api/signin", null, "{\"name\":\"alice\",\"password\":\"password1\"}");

    assertThat(guess.status()).isEqualTo(429);
    assertThat(guess.error()).startsWith("Too many sign-in attempts for alice; try again in ");
    assertThat(guess.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
        assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
    // Refused unchecked: while the name is throttled, even the right password tells nothing.
    assertThat(right.status()).isEqualTo(429);
  }

  @Test
  void anAddressIsThrottledWhateverItSends() throws Exception {
    // Attempts that fail early count too: each could have cost a password hash.
    for (int i = 0; i < SignInThrottle.PER_ADDRESS.burst(); i++) {
      assertThat(post("/api/signin", null, "{\"name\":\"user " + i + "\"}").status())
          .isEqualTo(400);
    }

    Response next = post("/api/signin", null, "{\"name\":\"carol\",\"password\":\"password1\"}");

    assertThat(next.status()).isEqualTo(429);
    assertThat(next.error()).startsWith("Too many sign-in attempts from your address");
    assertThat(next.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
        assertThat(Long.parseLong(seconds)).isBetween(1L, 3L));
    // The rest of the API is not throttled.
    assertThat(get("/api/groups", null).status()).isEqualTo(401);
  }

  @Test
  void withoutAValidTokenTheApiAndTheHubAnswer401() throws Exception {
    String forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
    for (String token : new String[] {null, forged}) {
      Response groups = get("/api/groups", token);
      assertThat(groups.status()).isEqualTo(401);
      assertThat(groups.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      assertThat(post("/hubs/groupchat/negotiate?negotiateVersion=1", token, "").status())
          .isEqualTo(401);
    }
    String token = signIn("alice");
    assertThat(post("/hubs/groupchat/negotiate?negotiateVersion=1", token, "").status())
        .isEqualTo(200);
    // Only browsers' WebSockets and EventSource may carry the token in the query; negotiate not.
    assertThat(post("/hubs/groupchat/negotiate?negotiateVersion=1&access_token=" + token, null,
        "").status()).isEqualTo(401);
    // The simple chat's hub takes anonymous users, with the authenticator installed.
    assertThat(post("/chatHub/negotiate?negotiateVersion=1", null, "").status()).isEqualTo(200);
  }

  @Test
  void onlyMembersReadAndSend() throws Exception {
    String alice = signIn("alice");
    String bob = signIn("bob");
    JsonNode team = post("/api/groups", alice, "{\"name\":\"Team\"}").json();
    String messages = "/api/groups/" + team.get("id").asLong() + "/messages";
    post(messages, alice, "{\"text\":\"hello\"}");

    assertThat(get(messages, bob).status()).isEqualTo(403);
    assertThat(post(messages, bob, "{\"text\":\"let me in\"}").error())
        .isEqualTo("Join group Team first");
    assertThat(get("/api/groups", bob).json().get(0).get("member").asBoolean()).isFalse();

    Response joined = post("/api/groups/" + team.get("id").asLong() + "/members", bob, "");
    Response sent = post(messages, bob, "{\"text\":\"  hi alice  \"}");

    assertThat(joined.json().get("member").asBoolean()).isTrue();
    assertThat(sent.status()).isEqualTo(201);
    assertThat(sent.json().get("text").asText()).isEqualTo("hi alice");
    JsonNode history = get(messages, bob).json();
    assertThat(history).hasSize(2);
    assertThat(history.get(0).get("user").asText()).isEqualTo("alice");
    assertThat(history.get(1).get("id").asLong())
        .isGreaterThan(history.get(0).get("id").asLong());
    assertThat(history.get(1).get("sentAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
  }

  @Test
  void aMessageSentAgainWithItsClientIdIsSavedOnce() throws Exception {
    String alice = signIn("alice");
    long id = post("/api/groups", alice, "{\"name\":\"Team\"}").json().get("id").asLong();
    String messages = "/api/groups/" + id + "/messages";
    String body = "{\"text\":\"once\",\"clientId\":\"0123456789abcdef\"}";

    Response first = post(messages, alice, body);
    Response again = post(messages, alice, body);

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().get("clientId").asText()).isEqualTo("0123456789abcdef");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(first.json());
    assertThat(get(messages, alice).json()).hasSize(1);
    assertThat(post(messages, alice, "{\"text\":\"x\",\"clientId\":\"short\"}").error())
        .isEqualTo("'clientId' must be 8 to 64 letters, digits and '-'");
    // Another sender's id is another message.
    String bob = signIn("bob");
    post("/api/groups/" + id + "/members", bob, "");
    assertThat(post(messages, bob, body).status()).isEqualTo(201);
    assertThat(get(messages, alice).json()).hasSize(2);
  }

  @Test
  void historyPagesBackToTheFirstMessageAndForwardFromAnyOne() throws Exception {
    String alice = signIn("alice");
    long id = post("/api/groups", alice, "{\"name\":\"Team\"}").json().get("id").asLong();
    String messages = "/api/groups/" + id + "/messages";
    for (int i = 1; i <= 7; i++) {
      post(messages, alice, "{\"text\":\"m" + i + "\"}");
    }

    JsonNode last = get(messages + "?limit=3", alice).json();
    JsonNode before = get(messages + "?limit=3&before=" + last.get(0).get("id"), alice).json();
    JsonNode first = get(messages + "?limit=3&before=" + before.get(0).get("id"), alice).json();
    JsonNode after = get(messages + "?limit=4&after=" + first.get(0).get("id"), alice).json();

    assertThat(texts(last)).containsExactly("m5", "m6", "m7");
    assertThat(texts(before)).containsExactly("m2", "m3", "m4");
    assertThat(texts(first)).containsExactly("m1"); // shorter than asked: the first page
    assertThat(texts(after)).containsExactly("m2", "m3", "m4", "m5");
    assertThat(texts(get(messages, alice).json())).hasSize(7);
    assertThat(get(messages + "?before=x", alice).error())
        .isEqualTo("'before' must be a whole number");
    assertThat(get(messages + "?limit=201", alice).error()).isEqualTo("'limit' must be 1 to 200");
    assertThat(get(messages + "?before=1&after=1", alice).status()).isEqualTo(400);
  }

  private static java.util.List<String> texts(JsonNode messages) {
    java.util.List<String> texts = new java.util.ArrayList<>();
    messages.forEach(message -> texts.add(message.get("text").asText()));
    return texts;
  }

  @Test
  void aMemberLeavesAndThenNeitherReadsNorSends() throws Exception {
    String alice = signIn("alice");
    long id = post("/api/groups", alice, "{\"name\":\"Team\"}").json().get("id").asLong();
    String members = "/api/groups/" + id + "/members";

    Response left = send(request(members, alice).DELETE());
    Response again = send(request(members, alice).DELETE());

    assertThat(left.status()).isEqualTo(200);
    assertThat(left.json().get("member").asBoolean()).isFalse();
    assertThat(again.status()).isEqualTo(200);
    assertThat(get("/api/groups/" + id + "/messages", alice).status()).isEqualTo(403);
    assertThat(get("/api/groups", alice).json().get(0).get("member").asBoolean()).isFalse();
    assertThat(post(members, alice, "").json().get("member").asBoolean()).isTrue();
  }

  @Test
  void badRequestsGetClearErrors() throws Exception {
    String alice = signIn("alice");
    long id = post("/api/groups", alice, "{\"name\":\"Team\"}").json().get("id").asLong();
    String messages = "/api/groups/" + id + "/messages";

    assertThat(post("/api/groups", alice, "{\"name\":\"Team\"}").status()).isEqualTo(409);
    assertThat(post("/api/groups", alice, "{\"name\":\" \"}").error())
        .isEqualTo("The group's name cannot be empty or only spaces");
    assertThat(post(messages, alice, "{\"text\":\"   \"}").error())
        .isEqualTo("The message cannot be empty or only spaces");
    assertThat(post(messages, alice, "{\"text\":\"" + "x".repeat(2001) + "\"}").error())
        .isEqualTo("The message is too long: 2,001 characters, where 2,000 is the most");
    assertThat(post(messages, alice, "{\"text\":42}").status()).isEqualTo(400);
    assertThat(get("/api/groups/999/messages", alice).status()).isEqualTo(404);
    assertThat(get("/api/groups/x/messages", alice).status()).isEqualTo(404);
    assertThat(post(messages, alice, "{\"text\":\"" + "x".repeat(20_000) + "\"}").status())
        .isEqualTo(413);
  }

  @Test
  void aBodySentSlowerThanTheServerTakesIsCutOffAndSavesNothing() throws Exception {
    String alice = signIn("alice");
    long id = post("/api/groups", alice, "{\"name\":\"Team\"}").json().get("id").asLong();
    String messages = "/api/groups/" + id + "/messages";
    byte[] body = ("{\"text\":\"" + "x".repeat(990) + "\"}").getBytes(StandardCharsets.UTF_8);
    ScheduledExecutorService dribbler = Executors.newSingleThreadScheduledExecutor();
    try (Socket slow = new Socket()) {
      slow.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), app.port()), 5000);
      // The server's minimum rate: 10 s of grace, then 1 KiB/s; a byte every 2 s is far slower,
      // though far inside Jetty's idle timeout (30 s), which each byte restarts.
      slow.setSoTimeout(30_000);
      OutputStream out = slow.getOutputStream();
      out.write(("POST " + messages + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Authorization: Bearer " + alice + "\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      AtomicInteger sent = new AtomicInteger();
      dribbler.scheduleAtFixedRate(() -> {
        try {
          out.write(body[sent.getAndIncrement()]);
        } catch (IOException closed) {
          dribbler.shutdown(); // closed by the server: what the test waits for
        }
      }, 0, 2, TimeUnit.SECONDS);

      assertThat(post(messages, alice, "{\"text\":\"honest\"}").status()).isEqualTo(201);
      assertThat(readUntilClosed(slow)).as("what the server answered the slow client").isEmpty();
    } finally {
      dribbler.shutdownNow();
    }
    JsonNode history = get(messages, alice).json();
    assertThat(history).hasSize(1);
    assertThat(history.get(0).get("text").asText()).isEqualTo("honest");
  }

  /** Reads until the server closes {@code socket}; fails if it does not within its timeout. */
  private static String readUntilClosed(Socket socket) throws IOException {
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    try {
      socket.getInputStream().transferTo(read);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server did not close the connection", e);
    } catch (SocketException reset) {
      // Closed with unread bytes: closed too.
    }
    return read.toString(StandardCharsets.UTF_8);
  }

  /** Signs {@code name} up, or in if the account exists, and returns the token. */
  private String signIn(String name) throws Exception {
    String body = "{\"name\":\"" + name + "\",\"password\":\"password1\"}";
    Response up = post("/api/signup", null, body);
    return (up.status() == 201 ? up : post("/api/signin", null, body)).json().get("token")
        .asText();
  }

  private Response get(String path, String token) throws Exception {
    return send(request(path, token).GET());
  }

  private Response post(String path, String token, String body) throws Exception {
    return send(request(path, token).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + app.port() + path)).timeout(Duration.ofSeconds(10));
    return token == null ? builder : builder.header("Authorization", "Bearer " + token);
  }

  private Response send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response = http.send(request.build(),
        HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), response.headers(), response.body());
  }

  private record Response(int status, HttpHeaders headers, String body) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }

    String error() throws Exception {
      return json().get("error").asText();
    }
  }
}
