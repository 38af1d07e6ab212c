package dev.aiprov.events;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The event sinks and the parser of {@code --events} values: {@code file:PATH}, {@code stdout},
 * {@code syslog+udp://HOST:PORT}, {@code syslog+tcp://HOST:PORT}, {@code https://…}, and {@code http://…}
 * on a loopback host only (tests, local collectors).
 */
public final class Sinks {
    /** Largest syslog message sent over UDP (one datagram); bigger events are refused (the local record keeps them). */
    public static final int MAX_UDP = 65_000;
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.UTC);

    private Sinks() {
    }

    /** Parses one {@code --events} value; {@code stdout} writes to {@code out}. */
    public static EventSink parse(String spec, PrintWriter out) {
        String s = spec == null ? "" : spec.strip();
        if (s.equals("stdout")) return new Stream(out);
        if (s.startsWith("file:")) {
            String p = s.substring("file:".length());
            if (p.isBlank()) throw new IllegalArgumentException("--events file: needs a path");
            return new FileSink(Path.of(p));
        }
        if (s.startsWith("syslog+udp://") || s.startsWith("syslog+tcp://")) {
            URI u = URI.create(s);
            if (u.getHost() == null || u.getPort() < 1) {
                throw new IllegalArgumentException("--events " + s + ": expected syslog+udp://HOST:PORT or syslog+tcp://HOST:PORT");
            }
            return new Syslog(u.getHost(), u.getPort(), s.startsWith("syslog+tcp"));
        }
        if (s.startsWith("https://") || s.startsWith("http://")) {
            HttpUrl url = HttpUrl.parse(s);
            if (url == null) throw new IllegalArgumentException("--events " + s + ": not a URL");
            if (!url.isHttps() && !isLoopback(url.host())) {
                throw new IllegalArgumentException("--events " + url.redact() + ": plain http only to a loopback host; use https://");
            }
            return new Webhook(url);
        }
        throw new IllegalArgumentException("--events '" + s + "': expected file:PATH, stdout, syslog+udp://HOST:PORT, "
                + "syslog+tcp://HOST:PORT or https://URL");
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1") || host.equals("[::1]")
                || host.startsWith("127.");
    }

    /** JSON lines appended to a file (parent directories created). */
    public static final class FileSink implements EventSink {
        private final Path path;

        public FileSink(Path path) {
            this.path = path;
        }

        @Override
        public synchronized void send(String json, int severityId, String type) throws IOException {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try (OutputStream o = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                o.write((json + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public String describe() {
            return "file:" + path;
        }
    }

    /** JSON lines on standard output. */
    public static final class Stream implements EventSink {
        private final PrintWriter out;

        Stream(PrintWriter out) {
            this.out = out;
        }

        @Override
        public synchronized void send(String json, int severityId, String type) {
            out.println(json);
            out.flush();
        }

        @Override
        public String describe() {
            return "stdout";
        }
    }

    /**
     * RFC 5424 messages: {@code <PRI>1 TIMESTAMP HOST aiprov PROCID MSGID - JSON}, facility local0 (16),
     * severity from the event's; UDP one datagram per message (RFC 5426), TCP with octet-counting
     * framing ({@code LEN SP MSG}, RFC 6587), one connection kept for the command.
     */
    public static final class Syslog implements EventSink {
        static final int FACILITY = 16;
        private final String host;
        private final int port;
        private final boolean tcp;
        private final String hostname = localHost();
        private final String procId = Long.toString(ProcessHandle.current().pid());
        private DatagramSocket udp;
        private Socket socket;

        Syslog(String host, int port, boolean tcp) {
            this.host = host;
            this.port = port;
            this.tcp = tcp;
        }

        /** syslog severity: 2 crit, 3 err, 4 warning, 5 notice, 6 informational. */
        static int syslogSeverity(int severityId) {
            return switch (severityId) {
                case 5, 6 -> 2;
                case 4 -> 3;
                case 3 -> 4;
                case 2 -> 5;
                default -> 6;
            };
        }

        public static String format(String json, int severityId, String msgId, Instant time, String hostname, String procId) {
            int pri = FACILITY * 8 + syslogSeverity(severityId);
            return "<" + pri + ">1 " + RFC3339.format(time) + " " + token(hostname) + " aiprov " + token(procId) + " "
                    + token(msgId) + " - " + json;
        }

        @Override
        public synchronized void send(String json, int severityId, String type) throws IOException {
            byte[] msg = format(json, severityId, type, Instant.now(), hostname, procId).getBytes(StandardCharsets.UTF_8);
            if (tcp) {
                if (socket == null || socket.isClosed()) {
                    socket = new Socket();
                    socket.connect(new InetSocketAddress(host, port), 5000);
                    socket.setSoTimeout(5000);
                }
                OutputStream o = socket.getOutputStream();
                o.write((msg.length + " ").getBytes(StandardCharsets.US_ASCII));
                o.write(msg);
                o.flush();
            } else {
                if (msg.length > MAX_UDP) throw new IOException("event of " + msg.length + " bytes too large for one UDP datagram");
                if (udp == null) udp = new DatagramSocket();
                udp.send(new DatagramPacket(msg, msg.length, InetAddress.getByName(host), port));
            }
        }

        @Override
        public String describe() {
            return (tcp ? "syslog+tcp://" : "syslog+udp://") + host + ":" + port;
        }

        @Override
        public synchronized void close() throws IOException {
            if (udp != null) udp.close();
            if (socket != null) socket.close();
        }

        /** An RFC 5424 header field: printable US-ASCII without spaces, "-" when empty, at most 48 characters. */
        static String token(String s) {
            if (s == null || s.isEmpty()) return "-";
            StringBuilder b = new StringBuilder();
            for (char c : s.toCharArray()) {
                if (c > 32 && c < 127) b.append(c);
                if (b.length() == 48) break;
            }
            return b.length() == 0 ? "-" : b.toString();
        }

        private static String localHost() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "-";
            }
        }
    }

    /** One POST of the JSON event per event, through OkHttp; a non-2xx answer is a failure. */
    public static final class Webhook implements EventSink {
        private final HttpUrl url;
        private final OkHttpClient http;

        Webhook(HttpUrl url) {
            this.url = url;
            this.http = SharedHttpClient.builder().connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10))
                    .callTimeout(Duration.ofSeconds(15)).build();
        }

        @Override
        public void send(String json, int severityId, String type) throws IOException {
            Request req = new Request.Builder().url(url).header("User-Agent", "aiprov-events")
                    .post(RequestBody.create(json, JSON_TYPE)).build();
            try (Response r = http.newCall(req).execute()) {
                if (!r.isSuccessful()) throw new IOException("HTTP " + r.code());
            }
        }

        @Override
        public String describe() {
            return url.redact().toString();
        }

        @Override
        public void close() {
            SharedHttpClient.evictIdle();
        }
    }
}
