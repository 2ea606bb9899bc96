package io.signet.examples.groupchat;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signet.jetty.SignetServer;
import io.signet.server.Signet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Fuzzes the group chat's REST API over HTTP on loopback, against its real servlets on a
 * {@link SignetServer} with an H2 database: arbitrary and nearly valid JSON bodies, content types,
 * {@code Content-Length}s that do not match the body, chunked bodies, methods and paths.
 *
 * <p>Whatever arrives, the server answers with a 2xx or 4xx status (never a 5xx, but for the
 * {@code 501} that HTTP prescribes for a method no servlet implements), within a deadline (never
 * hangs), and logs nothing at ERROR; the bodies sent with a correct length get
 * exactly the status the API's rules give them (a model below, written from the rules, not from
 * the code); and the database gains an account, group or message only from a body that is valid.
 *
 * <p>The sign-in limits and the password hashing, which have tests of their own, are set so that
 * every attempt reaches the body: the limits read a clock that leaps an hour at every look, and
 * the hash takes one iteration.
 */
class RestApiFuzzTest {
  private static final String SECRET = "a test secret of at least thirty-two characters";
  /** The API's largest body; one byte more is refused unread. */
  private static final int MAX_BODY = 16 * 1024;
  /** Any answer, or the end of the connection, takes at most this; otherwise the server hung. */
  private static final int DEADLINE_MILLIS = 15_000;
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}._ -]+");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The model reads a body as one JSON value and nothing after it. */
  private static final ObjectMapper STRICT_JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final String TEAM = "Team";
  /** The methods that Jakarta Servlet 6.0's {@code HttpServlet} implements. */
  private static final List<String> SERVLET_METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE");

  private static final List<String> errorLines = new CopyOnWriteArrayList<>();
  private static PrintStream originalErr;
  private static Path data;
  private static ChatDatabase database;
  private static SignetServer server;
  private static HttpClient http;
  private static String alice;
  private static String bob;
  private static long team;
  /** The lines logged at ERROR before the current try. */
  private int errorsBefore;

  @BeforeContainer
  static void start() throws Exception {
    originalErr = System.err;
    System.setErr(new PrintStream(new ErrorWatch(originalErr), true, UTF_8));
    data = Files.createTempDirectory("signet-rest-fuzz");
    database = ChatDatabase.open(data, false);
    Clock clock = Clock.systemUTC();
    TokenService tokens = new TokenService(SECRET.getBytes(UTF_8), clock);
    GroupStore groups = new GroupStore(database, clock);
    MessageStore messages = new MessageStore(database, clock);
    AccountStore accounts = new AccountStore(database, new PasswordHasher(1), clock);
    SignInThrottle throttle = new SignInThrottle(new LeapingClock());
    Signet signet = Signet.builder()
        .hub(GroupChatHub.class, () -> new GroupChatHub(groups))
        .authenticator((bearerToken, request) -> tokens.verify(bearerToken))
        .build();
    // As GroupChat.addApi puts them on the chat's server.
    server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet)
        .servlet("/api/signin", new SignInServlet(accounts, tokens, throttle))
        .servlet("/api/signup", new SignInServlet(accounts, tokens, throttle, true))
        .servlet("/api/groups/*", new GroupsServlet(tokens, groups, messages,
            signet.hubContext(GroupChatHub.class)))
        .start();
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    alice = signIn("alice");
    bob = signIn("bob");
    Answer created = post("/api/groups", alice, "application/json",
        ("{\"name\":\"" + TEAM + "\"}").getBytes(UTF_8));
    assertThat(created.status()).isEqualTo(201);
    team = JSON.readTree(created.body()).get("id").asLong();
  }

  @AfterContainer
  static void stop() throws IOException {
    try {
      if (server != null) {
        server.close();
      }
      if (database != null) {
        database.close();
      }
      if (data != null) {
        try (Stream<Path> files = Files.walk(data)) {
          for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(file);
          }
        }
      }
    } finally {
      System.setErr(originalErr);
    }
    assertThat(errorLines).as("lines logged at ERROR").isEmpty();
  }

  /** Alice is in Team for every try: a fuzzed DELETE of her membership may have ended it. */
  @BeforeTry
  void noteErrorsSoFar() throws SQLException {
    errorsBefore = errorLines.size();
    try (Connection connection = database.connection();
        PreparedStatement merge = connection.prepareStatement("MERGE INTO group_members"
            + " (group_id, user_name, joined_at) KEY (group_id, user_name)"
            + " VALUES (?, 'alice', CURRENT_TIMESTAMP)")) {
      merge.setLong(1, team);
      merge.executeUpdate();
    }
  }

  /** Keeps the database small in long runs: the rules do not depend on the history's size. */
  @AfterTry
  void trimHistory() throws SQLException {
    if (Counts.now().messages() > 10_000) {
      try (Connection connection = database.connection();
          Statement statement = connection.createStatement()) {
        statement.execute("DELETE FROM messages");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Properties

  /**
   * Sign-up and sign-in bodies: an account appears only for a valid name and password sent to
   * sign-up, and a name not taken in any case; sign-in never makes one.
   */
  @Property
  void signUpAndSignIn(@ForAll("signInBodies") Body body,
      @ForAll("contentTypes") String contentType, @ForAll boolean signUp) throws Exception {
    JsonNode object = model(body.bytes());
    String name = object == null ? null : textField(object, "name", 1, 40, true);
    String password = object == null ? null : textField(object, "password", 8, 200, false);
    boolean valid = name != null && NAME.matcher(name).matches() && password != null;
    boolean existed = valid && exists("SELECT 1 FROM accounts WHERE name_key = ?",
        name.toLowerCase(Locale.ROOT));
    Counts before = Counts.now();

    Answer answer = post(signUp ? "/api/signup" : "/api/signin", null, contentType,
        body.bytes());

    Counts after = Counts.now();
    assertNoErrorLogged();
    if (body.bytes().length > MAX_BODY) {
      assertThat(answer.status()).isEqualTo(413);
    } else if (!valid) {
      assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    } else if (!signUp) {
      assertThat(answer.status()).as(answer.body()).isIn(existed ? new Integer[] {200, 401}
          : new Integer[] {401});
    } else if (existed) {
      assertThat(answer.status()).as(answer.body()).isEqualTo(409);
    } else {
      assertThat(answer.status()).as(answer.body()).isEqualTo(201);
      assertThat(JSON.readTree(answer.body()).get("user").textValue()).isEqualTo(name);
      assertThat(after).isEqualTo(before.plus(1, 0, 0, 0));
      return;
    }
    assertThat(after).isEqualTo(before);
  }

  /** Group names: a group appears only for a valid name not taken yet. */
  @Property
  void createGroup(@ForAll("groupBodies") Body body, @ForAll("contentTypes") String contentType)
      throws Exception {
    JsonNode object = model(body.bytes());
    String name = object == null ? null : textField(object, "name", 1, 60, true);
    boolean taken = name != null && exists("SELECT 1 FROM chat_groups WHERE name_key = ?",
        name.toLowerCase(Locale.ROOT));
    Counts before = Counts.now();

    Answer answer = post("/api/groups", alice, contentType, body.bytes());

    Counts after = Counts.now();
    assertNoErrorLogged();
    if (body.bytes().length > MAX_BODY) {
      assertThat(answer.status()).isEqualTo(413);
    } else if (name == null) {
      assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    } else if (taken) {
      assertThat(answer.status()).as(answer.body()).isEqualTo(409);
    } else {
      assertThat(answer.status()).as(answer.body()).isEqualTo(201);
      assertThat(JSON.readTree(answer.body()).get("name").textValue()).isEqualTo(name);
      assertThat(after).isEqualTo(before.plus(0, 1, 1, 0));
      return;
    }
    assertThat(after).isEqualTo(before);
  }

  /** Messages: the history gains a message only for a valid text, and holds it as sent. */
  @Property
  void sendMessage(@ForAll("messageBodies") Body body, @ForAll("contentTypes") String contentType)
      throws Exception {
    JsonNode object = model(body.bytes());
    String text = object == null ? null : textField(object, "text", 1, 2000, true);
    Counts before = Counts.now();

    Answer answer = post("/api/groups/" + team + "/messages", alice, contentType, body.bytes());

    Counts after = Counts.now();
    assertNoErrorLogged();
    if (body.bytes().length > MAX_BODY) {
      assertThat(answer.status()).isEqualTo(413);
    } else if (text == null) {
      assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    } else {
      assertThat(answer.status()).as(answer.body()).isEqualTo(201);
      assertThat(JSON.readTree(answer.body()).get("text").textValue()).isEqualTo(text);
      assertThat(after).isEqualTo(before.plus(0, 0, 0, 1));
      assertThat(lastMessage()).isEqualTo(text);
      return;
    }
    assertThat(after).isEqualTo(before);
  }

  /**
   * Bodies framed wrongly on a raw socket: a {@code Content-Length} shorter or longer than the
   * body, none, two, or one beside chunks, bad chunks; the client then stops sending. Each
   * answer is 2xx or 4xx, the server ends the exchange, and only a body the server could have
   * read whole and valid adds to the database.
   */
  @Property
  void framing(@ForAll("endpoints") Endpoint endpoint, @ForAll("framings") Framing framing,
      @ForAll("anyBodies") Body body, @ForAll("rawContentTypes") String contentType,
      @ForAll boolean close) throws Exception {
    Counts before = Counts.now();
    StringBuilder head = new StringBuilder("POST " + endpoint.path() + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\n");
    if (endpoint.token() != null) {
      head.append("Authorization: Bearer ").append(endpoint.token()).append("\r\n");
    }
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    if (close) {
      head.append("Connection: close\r\n");
    }
    byte[] request = framing.frame(head.toString(), body.bytes());

    List<Integer> statuses = exchange(request, false);

    Counts after = Counts.now();
    assertNoErrorLogged();
    assertThat(statuses).as("the statuses answered").allSatisfy(status ->
        assertThat(status).isBetween(100, 499));
    Counts added = after.minus(before);
    if (!added.equals(Counts.NONE)) {
      byte[] read = framing.readable(body.bytes());
      assertThat(read).as("a body the server could have read whole").isNotNull();
      assertThat(statuses).as("answered").anySatisfy(status ->
          assertThat(status).isBetween(200, 299));
      assertThat(added).isEqualTo(endpoint.adds(read));
    }
  }

  /**
   * Arbitrary methods and request targets, with or without a token: answered 2xx or 4xx, and
   * the database changes only with a 2xx. The one 5xx allowed is {@code 501} for a method the
   * servlets do not know (outside the REST API, whose servlets answer {@code 405} to any method
   * they do not take): the status HTTP prescribes for a method the server does not implement.
   */
  @Property
  void methodsAndPaths(@ForAll("methods") String method, @ForAll("targets") String target,
      @ForAll("tokens") String token, @ForAll("smallBodies") String body) throws Exception {
    Counts before = Counts.now();
    byte[] bytes = body.getBytes(UTF_8);
    String bearer = token == null ? null : token.equals("alice") ? alice
        : token.equals("bob") ? bob : token;
    String head = method + " " + target.replace("{team}", Long.toString(team))
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n")
        + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n"
        + "Connection: close\r\n\r\n";
    byte[] request = concat(head.getBytes(UTF_8), bytes);

    List<Integer> statuses = exchange(request, method.equals("HEAD"));

    Counts after = Counts.now();
    assertNoErrorLogged();
    boolean known = SERVLET_METHODS.contains(method);
    assertThat(statuses).as("the statuses answered").isNotEmpty().allSatisfy(status ->
        assertThat(status < 500 || (status == 501 && !known)).as("status %d", status).isTrue());
    if (statuses.stream().noneMatch(status -> status >= 200 && status < 300)) {
      assertThat(after).isEqualTo(before);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Generators

  /** Pieces of text that matter to the rules: spaces, escapes, markup, name characters. */
  private static final List<String> PIECES = List.of("a", "Z", "7", "\u00e9", "\u00df", " ",
      "\u00a0", "\u3000", "\t", "\n", "\u2028", "\u0000", "\u001e", "\"", "\\", "/", "<b>", "'",
      ".", "_", "-", "\ud800", "\udc00", "\ufeff", "\u200b");
  /**
   * Characters that take two UTF-16 code units, and three or four bytes of UTF-8: an emoji, a
   * letter (which names may hold), a CJK ideograph.
   */
  private static final List<String> WIDE = List.of("\ud83d\ude00", "\ud835\udc00",
      "\ud840\udc00");

  /**
   * Texts, many of them at and around {@code limits} and half of them (where a limit counted in
   * code points and one counted in code units part), in narrow and wide characters.
   */
  private static Arbitrary<String> texts(int... limits) {
    Set<Integer> lengths = new TreeSet<>(List.of(0, 1, 2));
    for (int limit : limits) {
      for (int length : new int[] {limit - 1, limit, limit + 1, limit / 2, limit / 2 + 1}) {
        lengths.add(Math.max(0, length));
      }
    }
    Arbitrary<String> piece = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.of(PIECES)), Tuple.of(1, Arbitraries.of(WIDE)));
    Arbitrary<String> fill = Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.of(PIECES)), Tuple.of(1, Arbitraries.of(WIDE)));
    Arbitrary<String> nearLimits = Combinators.combine(fill, Arbitraries.of(lengths),
        Arbitraries.of("", "", "a", "\ud83d\ude00"), Arbitraries.of("", "", " ", "  "))
        .as((character, length, last, pad) -> pad + character.repeat(length) + last + pad);
    return Arbitraries.frequencyOf(
        Tuple.of(6, nearLimits),
        Tuple.of(3, piece.list().ofMaxSize(12).map(list -> String.join("", list))),
        Tuple.of(2, Arbitraries.strings().ofMaxLength(24)),
        Tuple.of(2, Arbitraries.strings().alpha().numeric().withChars(" ._-").ofMinLength(1)
            .ofMaxLength(45)));
  }

  /** A field's value: mostly text, sometimes another JSON type. */
  private static Arbitrary<Object> values(int... limits) {
    Arbitrary<String> texts = texts(limits);
    return Arbitraries.<Object>frequencyOf(
        Tuple.of(14, texts.map(text -> (Object) text)),
        Tuple.of(1, Arbitraries.integers().map(number -> (Object) number)),
        Tuple.of(1, Arbitraries.doubles().map(number -> (Object) number)),
        Tuple.of(1, Arbitraries.of(true, false).map(bool -> (Object) bool)),
        Tuple.of(1, Arbitraries.<Object>just(null)),
        Tuple.of(1, texts.list().ofMaxSize(3).map(list -> (Object) list)),
        Tuple.of(1, texts.map(text -> (Object) Map.of("text", text))));
  }

  /**
   * JSON objects with the endpoint's fields (each with the limits of its rule), mostly present,
   * and stray ones.
   */
  private static Arbitrary<byte[]> objects(Map<String, int[]> fields) {
    List<String> names = List.copyOf(fields.keySet());
    Arbitrary<String> stray = Arbitraries.of("Name", "TEXT", "", "name\u0000", "__proto__", "id",
        "user", "password ");
    @SuppressWarnings("unchecked")
    Arbitrary<Object>[] wanted = names.stream().map(name -> values(fields.get(name)))
        .toArray(Arbitrary[]::new);
    Arbitrary<List<Boolean>> present = Arbitraries.frequency(Tuple.of(9, true), Tuple.of(1, false))
        .list().ofSize(names.size());
    Arbitrary<Map<String, Object>> extra = Arbitraries.maps(stray, values(8, 40)).ofMaxSize(2);
    return Combinators.combine(Combinators.combine(List.of(wanted)).as(ArrayList::new), present,
        extra, Arbitraries.of(true, false)).as((values, presence, more, escaped) -> {
          Map<String, Object> object = new LinkedHashMap<>(more);
          for (int i = 0; i < names.size(); i++) {
            if (presence.get(i)) {
              object.put(names.get(i), values.get(i));
            }
          }
          try {
            // Jackson's byte writer escapes characters outside the Basic Multilingual Plane; its
            // text, encoded here, carries them as four bytes of UTF-8, as browsers send them.
            return escaped ? JSON.writeValueAsBytes(object)
                : JSON.writeValueAsString(object).getBytes(UTF_8);
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** Damage to a body: a byte removed, added, replaced; cut short; something before or after. */
  private static Arbitrary<byte[]> damaged(byte[] body) {
    Arbitrary<Integer> at = Arbitraries.integers().between(0, body.length);
    Arbitrary<Byte> stray = Arbitraries.of((byte) '"', (byte) '\\', (byte) '{', (byte) '}',
        (byte) ',', (byte) ':', (byte) ' ', (byte) 0, (byte) 0xff, (byte) 0xc3, (byte) 0x80,
        (byte) 0xed, (byte) 'x');
    Arbitrary<String> around = Arbitraries.of("x", "}", " {}", "\u0000", "// c", ",", "[]",
        "\ufeff", " ", "\n", "{\"a\":1}");
    return Arbitraries.oneOf(
        at.map(i -> i == body.length ? body : concat(Arrays.copyOf(body, i),
            Arrays.copyOfRange(body, i + 1, body.length))),
        Combinators.combine(at, stray).as((i, b) -> concat(Arrays.copyOf(body, i),
            new byte[] {b}, Arrays.copyOfRange(body, i, body.length))),
        Combinators.combine(at, stray).as((i, b) -> {
          byte[] copy = body.clone();
          if (i < copy.length) {
            copy[i] = b;
          }
          return copy;
        }),
        at.map(i -> Arrays.copyOf(body, i)),
        around.map(text -> concat(body, text.getBytes(UTF_8))),
        around.map(text -> concat(text.getBytes(UTF_8), body)),
        Arbitraries.just(concat(body, body)));
  }

  /** Bodies that are not objects, or not JSON, or too large, or too deep. */
  private static final List<String> ODD_BODIES = List.of("", " ", "{", "}", "{}", "[]", "null",
      "true", "1", "\"text\"", "{\"text\"}", "{\"text\":}", "{'text':'x'}", "{text:\"x\"}",
      "{\"text\":\"x\",}", "{\"text\":\"\\ud800\"}", "{\"text\":\"\\u0000\"}",
      "{\"text\":\"\\uZZZZ\"}", "{\"text\":\"x\"} {\"text\":\"y\"}", "{\"text\":\"x\"}\u0000",
      "{\"text\":1e999999}", "{\"text\":" + "9".repeat(2000) + "}",
      "[".repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
      "{\"text\":\"" + "x".repeat(MAX_BODY) + "\"}", " ".repeat(MAX_BODY + 1),
      "{\"name\":\"n\",\"name\":\"m\",\"text\":\"a\",\"text\":\"b\",\"password\":\"p\"}");

  private static Arbitrary<Body> bodies(Map<String, int[]> fields) {
    Arbitrary<byte[]> objects = objects(fields);
    return Arbitraries.frequencyOf(
        Tuple.of(6, objects),
        Tuple.of(4, objects.flatMap(RestApiFuzzTest::damaged)),
        Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(48)),
        Tuple.of(1, Arbitraries.strings().ofMaxLength(48).map(text -> text.getBytes(UTF_8))),
        Tuple.of(1, Arbitraries.of(ODD_BODIES).map(text -> text.getBytes(UTF_8))))
        .map(Body::new);
  }

  @Provide
  Arbitrary<Body> signInBodies() {
    Map<String, int[]> fields = new LinkedHashMap<>();
    fields.put("name", new int[] {40});
    fields.put("password", new int[] {8, 200});
    return bodies(fields);
  }

  @Provide
  Arbitrary<Body> groupBodies() {
    return bodies(Map.of("name", new int[] {60}));
  }

  @Provide
  Arbitrary<Body> messageBodies() {
    return bodies(Map.of("text", new int[] {2000}));
  }

  @Provide
  Arbitrary<Body> anyBodies() {
    return Arbitraries.oneOf(signInBodies(), groupBodies(), messageBodies());
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of("application/json", "application/json; charset=utf-8",
        "application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "*/*", "");
  }

  @Provide
  Arbitrary<String> rawContentTypes() {
    return Arbitraries.oneOf(contentTypes(), Arbitraries.just(null),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30));
  }

  @Provide
  Arbitrary<Endpoint> endpoints() {
    return Arbitraries.of(
        new Endpoint("/api/signup", null, "accounts"),
        new Endpoint("/api/groups", "alice", "groups"),
        new Endpoint("/api/groups/{team}/messages", "alice", "messages"));
  }

  @Provide
  Arbitrary<Framing> framings() {
    return Combinators.combine(Arbitraries.of(Framing.Kind.class),
        Arbitraries.integers().between(1, 40)).as(Framing::new);
  }

  @Provide
  Arbitrary<String> methods() {
    return Arbitraries.oneOf(
        Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE",
            "CONNECT", "PRI", "get", "Post", "PROPFIND", "M-SEARCH"),
        Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(10));
  }

  @Provide
  Arbitrary<String> targets() {
    Arbitrary<String> piece = Arbitraries.of("api", "groups", "signin", "signup", "members",
        "messages",
        "{team}", "0", "-1", "1", "999999999999999999", "9999999999999999999", "%31", "..", ".",
        "%2e%2e", "%2F", "%00", "%", "%zz", ";a=b", "", "?x=1", "#f", "\u00e9", "%C3%A9", "*",
        "\ud83d\ude00", "%20", "x".repeat(300));
    Arbitrary<String> path = piece.list().ofMinSize(1).ofMaxSize(6)
        .map(list -> "/" + String.join("/", list));
    return Arbitraries.frequencyOf(
        Tuple.of(8, path.map(p -> p.startsWith("/api") ? p : "/api" + p)),
        Tuple.of(2, path),
        Tuple.of(1, Arbitraries.of("*", "http://127.0.0.1/api/groups", "api/groups",
            "/api/groups/{team}/messages?text=x", "//api/groups", "/api/groups/ {team}",
            "/api/groups/\t1", "/" + "a".repeat(9000))));
  }

  @Provide
  Arbitrary<String> tokens() {
    return Arbitraries.of("alice", "bob", null, "", "x", "alice.", "eyJhbGciOiJub25lIn0.e30.",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl");
  }

  @Provide
  Arbitrary<String> smallBodies() {
    return Arbitraries.of("", "{}", "{\"name\":\"Fuzzed group\"}", "{\"text\":\"fuzzed\"}",
        "{\"name\":\"fuzzer\",\"password\":\"password1\"}", "not json");
  }

  // ---------------------------------------------------------------------------------------------
  // The model: the API's rules, as documented

  /**
   * The body as the API's rules read it: at most {@value #MAX_BODY} bytes of UTF-8 holding one
   * JSON object and nothing else; {@code null} otherwise.
   */
  private static JsonNode model(byte[] body) {
    if (body.length > MAX_BODY) {
      return null;
    }
    try {
      String text = UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body)).toString();
      JsonNode node = STRICT_JSON.readTree(text);
      return node != null && node.isObject() ? node : null;
    } catch (CharacterCodingException e) {
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * A string field of {@code min} to {@code max} characters, counted as the page's
   * {@code maxlength} counts them (UTF-16 code units), stripped first if {@code strip}; or
   * {@code null}.
   */
  private static String textField(JsonNode object, String field, int min, int max,
      boolean strip) {
    JsonNode value = object.get(field);
    if (value == null || !value.isTextual()) {
      return null;
    }
    String text = strip ? value.textValue().strip() : value.textValue();
    return text.length() >= min && text.length() <= max ? text : null;
  }

  // ---------------------------------------------------------------------------------------------
  // HTTP and the database

  /** A body, shown as text in reports. */
  record Body(byte[] bytes) {
    @Override
    public String toString() {
      String text = new String(bytes, UTF_8);
      return bytes.length + " bytes: " + (text.length() > 300 ? text.substring(0, 300) + "…"
          : text);
    }
  }

  /** An endpoint that takes a body, the user who posts to it and the table it adds to. */
  record Endpoint(String pathTemplate, String user, String table) {
    String path() {
      return pathTemplate.replace("{team}", Long.toString(team));
    }

    String token() {
      return user == null ? null : user.equals("alice") ? alice : bob;
    }

    /** What a body the server read whole adds to the database, by the rules. */
    Counts adds(byte[] body) throws SQLException {
      JsonNode object = model(body);
      if (object == null) {
        return Counts.NONE;
      }
      return switch (table) {
        case "accounts" -> {
          String name = textField(object, "name", 1, 40, true);
          boolean valid = name != null && NAME.matcher(name).matches()
              && textField(object, "password", 8, 200, false) != null;
          yield valid ? new Counts(1, 0, 0, 0) : Counts.NONE;
        }
        case "groups" -> textField(object, "name", 1, 60, true) != null
            ? new Counts(0, 1, 1, 0) : Counts.NONE;
        default -> textField(object, "text", 1, 2000, true) != null
            ? new Counts(0, 0, 0, 1) : Counts.NONE;
      };
    }
  }

  /** How a raw request frames its body. */
  record Framing(Kind kind, int by) {
    enum Kind {
      EXACT, SHORTER, LONGER, NONE, CHUNKED, BAD_CHUNKS, TWO_LENGTHS, LENGTH_AND_CHUNKED,
      JUNK_LENGTH
    }

    byte[] frame(String head, byte[] body) {
      String headers = switch (kind) {
        case EXACT -> "Content-Length: " + body.length + "\r\n";
        case SHORTER -> "Content-Length: " + Math.max(0, body.length - by) + "\r\n";
        case LONGER -> "Content-Length: " + (body.length + by) + "\r\n";
        case NONE -> "";
        case CHUNKED, BAD_CHUNKS -> "Transfer-Encoding: chunked\r\n";
        case TWO_LENGTHS -> "Content-Length: " + body.length + "\r\nContent-Length: "
            + (by % 2 == 0 ? body.length : body.length + by) + "\r\n";
        case LENGTH_AND_CHUNKED -> "Content-Length: " + body.length
            + "\r\nTransfer-Encoding: chunked\r\n";
        case JUNK_LENGTH -> "Content-Length: " + List.of("abc", "-1", "+5", " 5 5", "0x10",
            "99999999999999999999", "1e3").get(by % 7) + "\r\n";
      };
      byte[] framed = switch (kind) {
        case CHUNKED, LENGTH_AND_CHUNKED -> chunked(body, by, false);
        case BAD_CHUNKS -> chunked(body, by, true);
        default -> body;
      };
      return concat((head + headers + "\r\n").getBytes(UTF_8), framed);
    }

    /** The body the server reads whole under this framing, or {@code null} if none. */
    byte[] readable(byte[] body) {
      return switch (kind) {
        case EXACT, CHUNKED, LENGTH_AND_CHUNKED -> body;
        case TWO_LENGTHS -> by % 2 == 0 ? body : null;
        case SHORTER -> Arrays.copyOf(body, Math.max(0, body.length - by));
        case NONE -> new byte[0];
        default -> null;
      };
    }

    private static byte[] chunked(byte[] body, int size, boolean broken) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int at = 0; at < body.length; at += size) {
        int length = Math.min(size, body.length - at);
        String header = broken && at == 0 ? "zz" : Integer.toHexString(length);
        out.writeBytes((header + "\r\n").getBytes(US_ASCII));
        out.write(body, at, length);
        out.writeBytes("\r\n".getBytes(US_ASCII));
      }
      out.writeBytes((broken ? "" : "0\r\n\r\n").getBytes(US_ASCII));
      return out.toByteArray();
    }
  }

  /** The rows of each table. */
  record Counts(long accounts, long groups, long members, long messages) {
    static final Counts NONE = new Counts(0, 0, 0, 0);

    static Counts now() throws SQLException {
      try (Connection connection = database.connection();
          Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("SELECT"
              + " (SELECT COUNT(*) FROM accounts), (SELECT COUNT(*) FROM chat_groups),"
              + " (SELECT COUNT(*) FROM group_members), (SELECT COUNT(*) FROM messages)")) {
        row.next();
        return new Counts(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4));
      }
    }

    Counts plus(long moreAccounts, long moreGroups, long moreMembers, long moreMessages) {
      return new Counts(accounts + moreAccounts, groups + moreGroups, members + moreMembers,
          messages + moreMessages);
    }

    Counts minus(Counts other) {
      return new Counts(accounts - other.accounts, groups - other.groups,
          members - other.members, messages - other.messages);
    }
  }

  private static boolean exists(String query, String value) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement select = connection.prepareStatement(query)) {
      select.setString(1, value);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  private static String lastMessage() throws SQLException {
    try (Connection connection = database.connection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(
            "SELECT body FROM messages ORDER BY id DESC LIMIT 1")) {
      row.next();
      return row.getString(1);
    }
  }

  private record Answer(int status, String body) {}

  private static Answer post(String path, String token, String contentType, byte[] body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofMillis(DEADLINE_MILLIS))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (!contentType.isEmpty()) {
      request.header("Content-Type", contentType);
    }
    HttpResponse<String> response = http.send(request.build(),
        HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  private static String signIn(String name) throws Exception {
    Answer answer = post("/api/signup", null, "application/json",
        ("{\"name\":\"" + name + "\",\"password\":\"password1\"}").getBytes(UTF_8));
    assertThat(answer.status()).isEqualTo(201);
    return JSON.readTree(answer.body()).get("token").textValue();
  }

  /**
   * Sends {@code request} on a socket of its own, stops sending, and reads every response until
   * the server ends the connection.
   *
   * @return the status of each response
   */
  private static List<Integer> exchange(byte[] request, boolean head) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()),
          5000);
      socket.setSoTimeout(DEADLINE_MILLIS);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request.clone());
        out.flush();
        socket.shutdownOutput();
      } catch (SocketException closed) {
        // The server may refuse and close before it has read everything: its answer is read.
      }
      byte[] received;
      try {
        received = readAll(socket.getInputStream());
      } catch (SocketTimeoutException e) {
        throw new AssertionError("The server neither answered nor closed within "
            + DEADLINE_MILLIS + " ms", e);
      }
      return statuses(received, head);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        all.write(buffer, 0, n);
      }
    } catch (SocketException reset) {
      // Closed with unread bytes: what arrived before counts.
    }
    return all.toByteArray();
  }

  /** The statuses of the responses in {@code bytes}, read by their framing. */
  private static List<Integer> statuses(byte[] bytes, boolean head) {
    List<Integer> statuses = new ArrayList<>();
    String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = 0;
    while (at < text.length()) {
      int end = text.indexOf("\r\n\r\n", at);
      assertThat(end).as("a complete response head in %s", text.substring(at)).isPositive();
      String[] lines = text.substring(at, end).split("\r\n");
      assertThat(lines[0]).as("a status line").matches("HTTP/1\\.1 \\d{3}( .*)?");
      int status = Integer.parseInt(lines[0].substring(9, 12));
      statuses.add(status);
      at = end + 4;
      if (head && statuses.size() == 1) {
        if (!text.startsWith("HTTP/", at)) {
          break; // a body after all: Jetty's answer to a request it could not parse
        }
        continue;
      }
      if (status < 200 || status == 204 || status == 304) {
        continue;
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
      if (headers.containsKey("content-length")) {
        at += Integer.parseInt(headers.get("content-length"));
      } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        while (true) {
          int lineEnd = text.indexOf("\r\n", at);
          int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].trim(), 16);
          at = lineEnd + 2 + size + 2;
          if (size == 0) {
            break;
          }
        }
      } else {
        break; // the body runs to the end of the connection
      }
    }
    return statuses;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private void assertNoErrorLogged() {
    assertThat(errorLines.subList(errorsBefore, errorLines.size()))
        .as("lines logged at ERROR").isEmpty();
  }

  /** Passes everything on to the real standard error, and keeps the lines logged at ERROR. */
  private static final class ErrorWatch extends OutputStream {
    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    ErrorWatch(PrintStream target) {
      this.target = target;
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
      target.write(bytes, offset, length);
      for (int i = offset; i < offset + length; i++) {
        keep(bytes[i]);
      }
    }

    @Override
    public synchronized void write(int b) {
      target.write(b);
      keep(b);
    }

    private void keep(int b) {
      if (b == '\n') {
        String text = line.toString(UTF_8);
        // slf4j-simple: "[thread] ERROR logger - message"
        if (text.contains("] ERROR ")) {
          errorLines.add(text);
        }
        line.reset();
      } else {
        line.write(b);
      }
    }

    @Override
    public synchronized void flush() {
      target.flush();
    }
  }

  /** A clock that leaps an hour each time it is read: the sign-in limits are always full. */
  private static final class LeapingClock extends Clock {
    private final AtomicLong hours = new AtomicLong();

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return Instant.EPOCH.plus(Duration.ofHours(hours.incrementAndGet()));
    }
  }
}
