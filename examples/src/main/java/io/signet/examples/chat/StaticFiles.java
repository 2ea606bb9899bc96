package io.signet.examples.chat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * Serves the pages, scripts and styles of the chats from a class-path directory, compressed and
 * cacheable:
 *
 * <ul>
 *   <li>{@code Content-Encoding: gzip} for text (HTML, JavaScript, CSS, JSON, SVG) when the
 *       client accepts it, compressed once per file and kept, with {@code Vary: Accept-Encoding};
 *   <li>{@code Cache-Control: no-cache} and a strong {@code ETag} (a hash of the content, one per
 *       encoding): the file names carry no version, so a browser asks again every time, and a
 *       file it has already gets {@code 304 Not Modified} without a body;
 *   <li>{@code dir/} serves {@code dir/index.html}, and {@code dir} redirects there; only the
 *       types listed are served, and paths with {@code .}, {@code ..} or empty segments get
 *       {@code 404}.
 * </ul>
 *
 * <p>Files are read from the class path at their first request and kept for the life of the
 * server (the jar does not change under it); paths that do not exist are not remembered. GET and
 * HEAD only. Thread-safe.
 */
final class StaticFiles extends HttpServlet {
  private static final long serialVersionUID = 1L;
  /** Served types by extension; the ones compressed are text. */
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html;charset=utf-8",
      "js", "text/javascript;charset=utf-8",
      "css", "text/css;charset=utf-8",
      "json", "application/json",
      "svg", "image/svg+xml",
      "png", "image/png",
      "ico", "image/x-icon",
      "txt", "text/plain;charset=utf-8");
  private static final String CACHE_CONTROL = "no-cache";

  /** A file as served: its bytes as they are and gzipped (null when not worth it). */
  private record File(String contentType, byte[] raw, byte[] gzip, String etag, String gzipEtag) {}

  private final String root;
  private final transient Map<String, File> files = new ConcurrentHashMap<>();

  /** Serves the files under {@code classPathDirectory} ({@code "web"}). */
  StaticFiles(String classPathDirectory) {
    this.root = classPathDirectory;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    serve(request, response, true);
  }

  @Override
  protected void doHead(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    serve(request, response, false);
  }

  private void serve(HttpServletRequest request, HttpServletResponse response, boolean body)
      throws IOException {
    String path = request.getServletPath() + (request.getPathInfo() == null ? ""
        : request.getPathInfo());
    if (!safe(path)) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    String name = path.endsWith("/") ? path + "index.html" : path;
    File file = file(name);
    if (file == null) {
      if (!path.endsWith("/") && file(path + "/index.html") != null) {
        response.sendRedirect(request.getRequestURI() + "/"
            + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
      } else {
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
      }
      return;
    }
    boolean gzip = file.gzip() != null && acceptsGzip(request.getHeader("Accept-Encoding"));
    String etag = gzip ? file.gzipEtag() : file.etag();
    response.setHeader("Cache-Control", CACHE_CONTROL);
    response.setHeader("ETag", etag);
    if (file.gzip() != null) {
      response.setHeader("Vary", "Accept-Encoding");
    }
    if (matches(request.getHeader("If-None-Match"), file)) {
      response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      return;
    }
    byte[] bytes = gzip ? file.gzip() : file.raw();
    response.setContentType(file.contentType());
    if (gzip) {
      response.setHeader("Content-Encoding", "gzip");
    }
    response.setContentLength(bytes.length);
    if (body) {
      response.getOutputStream().write(bytes);
    }
  }

  /** Not above the root, and nothing but plain names between the slashes. */
  private static boolean safe(String path) {
    if (!path.startsWith("/") || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
      return false;
    }
    String[] segments = path.substring(1).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      if ((segment.isEmpty() && !last) || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /** The file at {@code path}, read and kept at the first request, or null if none. */
  private File file(String path) {
    File known = files.get(path);
    if (known != null) {
      return known;
    }
    int dot = path.lastIndexOf('.');
    String type = dot < path.lastIndexOf('/') ? null
        : TYPES.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    if (type == null) {
      return null;
    }
    URL url = StaticFiles.class.getClassLoader().getResource(root + path);
    if (url == null) {
      return null;
    }
    File file = load(url, type);
    // Two first requests at once may both load it; either copy will do.
    files.putIfAbsent(path, file);
    return file;
  }

  private static File load(URL url, String type) {
    try (InputStream in = url.openStream()) {
      byte[] raw = in.readAllBytes();
      byte[] gzip = null;
      if (type.startsWith("text/") || type.startsWith("application/json")
          || type.startsWith("image/svg")) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 3 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
          zip.write(raw);
        }
        gzip = out.size() < raw.length ? out.toByteArray() : null;
      }
      String hash = HexFormat.of().formatHex(
          Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(raw), 12));
      return new File(type, raw, gzip, "\"" + hash + "\"", "\"" + hash + "-gzip\"");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + url, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JVM has SHA-256
    }
  }

  /** Whether {@code Accept-Encoding} allows gzip: listed, or {@code *}, without {@code q=0}. */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    boolean gzip = false;
    boolean star = false;
    for (String part : acceptEncoding.split(",")) {
      String[] pieces = part.trim().split(";");
      String coding = pieces[0].trim().toLowerCase(Locale.ROOT);
      boolean refused = false;
      for (int i = 1; i < pieces.length; i++) {
        String parameter = pieces[i].trim().toLowerCase(Locale.ROOT).replace(" ", "");
        if (parameter.matches("q=0(\\.0{0,3})?")) {
          refused = true;
        }
      }
      if (coding.equals("gzip") || coding.equals("x-gzip")) {
        if (refused) {
          return false;
        }
        gzip = true;
      } else if (coding.equals("*")) {
        star = !refused;
      }
    }
    return gzip || star;
  }

  /** Whether {@code If-None-Match} names either tag of the file, or is {@code *}. */
  private static boolean matches(String ifNoneMatch, File file) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String trimmed = tag.trim();
      if (trimmed.startsWith("W/")) {
        trimmed = trimmed.substring(2);
      }
      if (trimmed.equals("*") || trimmed.equals(file.etag()) || trimmed.equals(file.gzipEtag())) {
        return true;
      }
    }
    return false;
  }
}
