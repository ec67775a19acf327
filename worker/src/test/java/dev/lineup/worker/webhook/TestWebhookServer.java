package dev.lineup.worker.webhook;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A booking app's HTTP endpoint on 127.0.0.1: answers as told and remembers every request. */
public final class TestWebhookServer implements AutoCloseable {

    /** What the server saw. */
    public record Request(String method, String path, Headers headers, String body) {
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** What to answer; may block, e.g. on a latch, to play a slow app. */
    @FunctionalInterface
    public interface Responder {
        Answer answer(Request request) throws InterruptedException;
    }

    public record Answer(int status, String body) {
        public static Answer of(int status) {
            return new Answer(status, "");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Responder> responders = new ConcurrentHashMap<>();
    private final Queue<Request> requests = new ConcurrentLinkedQueue<>();

    private TestWebhookServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static TestWebhookServer start() {
        try {
            return new TestWebhookServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestWebhookServer on(String path, Responder responder) {
        responders.put(path, responder);
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var request = new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requests.add(request);
            Answer answer =
                    responders.getOrDefault(request.path(), r -> Answer.of(404)).answer(request);
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
