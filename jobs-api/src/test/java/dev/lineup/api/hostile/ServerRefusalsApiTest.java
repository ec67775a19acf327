package dev.lineup.api.hostile;

import dev.lineup.api.ApiTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the web server refuses before Spring sees a request is answered as problem+json too, and
 * clients that never finish their request cannot stop the API from answering others. Requests
 * are written to raw sockets, since HTTP clients refuse to send most of them.
 */
class ServerRefusalsApiTest extends ApiTestSupport {

    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void closeSockets() throws IOException {
        for (Socket socket : sockets) socket.close();
    }

    private record Raw(int status, String head, String body) {}

    private Socket open() throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(60_000);
        return socket;
    }

    /** Sends the request as written and reads the whole answer; the server closes or ends it. */
    private Raw raw(String request) throws IOException {
        Socket socket = open();
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = socket.getInputStream();
        String answer = new String(readAnswer(in), StandardCharsets.UTF_8);
        int split = answer.indexOf("\r\n\r\n");
        String head = split < 0 ? answer : answer.substring(0, split);
        String body = split < 0 ? "" : answer.substring(split + 4);
        int status = Integer.parseInt(head.substring(9, 12));
        return new Raw(status, head, body);
    }

    /** Reads headers, then exactly Content-Length bytes of body (or until the server closes). */
    private static byte[] readAnswer(InputStream in) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            bytes.write(b);
            String so = bytes.toString(StandardCharsets.ISO_8859_1);
            if (so.endsWith("\r\n\r\n")) {
                var length = so.lines()
                        .filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
                        .findFirst();
                if (length.isPresent()) {
                    bytes.write(in.readNBytes(
                            Integer.parseInt(length.get().substring(15).trim())));
                    return bytes.toByteArray();
                }
                bytes.write(in.readAllBytes());
                return bytes.toByteArray();
            }
        }
        return bytes.toByteArray();
    }

    private static void assertProblemJson(Raw answer, int... statuses) {
        assertThat(answer.status())
                .as(answer.head())
                .isIn(java.util.Arrays.stream(statuses).boxed().toArray());
        assertThat(answer.head().toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/problem+json");
        assertThat(answer.body())
                .contains("\"status\":" + answer.status())
                .contains("urn:lineup:problem:")
                .doesNotContain("<html");
    }

    @Test
    void anOversizedHeaderIsAProblem() throws IOException {
        Raw answer = raw("GET /api/v1/queues HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + "a".repeat(16 * 1024) + "\r\nConnection: close\r\n\r\n");

        assertProblemJson(answer, 400, 431);
    }

    @Test
    void anEncodedSlashInAPathIsAProblem() throws IOException {
        Raw answer = raw("GET /api/v1/jobs/a%2Fb HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + SALON
                + "\r\nConnection: close\r\n\r\n");

        assertProblemJson(answer, 400);
    }

    @Test
    void anOversizedQueryIsAProblem() throws IOException {
        Raw answer = raw("GET /api/v1/dead-letters?type=" + "x".repeat(32 * 1024)
                + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + SALON + "\r\nConnection: close\r\n\r\n");

        assertProblemJson(answer, 400, 414);
    }

    @Test
    void clientsThatNeverFinishTheirBodyDoNotStopOthersBeingAnswered() throws IOException {
        for (int i = 0; i < 250; i++) {
            OutputStream out = open().getOutputStream();
            out.write(("POST /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + SALON
                            + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"type\": ")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    Raw answer = raw("GET /api/v1/queues HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + SALON
                            + "\r\nConnection: close\r\n\r\n");
                    assertThat(answer.status()).isEqualTo(200);
                });
    }
}
