package dev.lineup.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The booking app the webhook jobs call, on loopback: it counts the calls per job (the body
 * {@code {"n": 17}} names it) and notes every job called again while an earlier call of it was
 * still running. Calls to {@code /hold} wait until {@link #release()}, so a test can catch a
 * worker with jobs in hand.
 */
final class BookingApp implements AutoCloseable {

    private static final Pattern N = Pattern.compile("\"n\"\\s*:\\s*(\\d+)");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(64);
    private final Map<Integer, Integer> calls = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> running = new ConcurrentHashMap<>();
    private final Set<Integer> overlapping = ConcurrentHashMap.newKeySet();
    private final CountDownLatch held = new CountDownLatch(1);

    BookingApp() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/hook", exchange -> answer(exchange, false));
        server.createContext("/hold", exchange -> answer(exchange, true));
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Lets every held call, and every later call to {@code /hold}, answer. */
    void release() {
        held.countDown();
    }

    Map<Integer, Integer> calls() {
        return Map.copyOf(calls);
    }

    Set<Integer> overlapping() {
        return Set.copyOf(overlapping);
    }

    private void answer(HttpExchange exchange, boolean hold) throws IOException {
        Matcher n = N.matcher(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!n.find()) {
            exchange.sendResponseHeaders(400, -1);
            return;
        }
        int job = Integer.parseInt(n.group(1));
        calls.merge(job, 1, Integer::sum);
        if (running.merge(job, 1, Integer::sum) > 1) overlapping.add(job);
        try {
            if (hold && !held.await(5, TimeUnit.MINUTES)) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            exchange.sendResponseHeaders(200, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException callerGone) {
            // the worker that called was killed while the call was held
        } finally {
            running.merge(job, -1, Integer::sum);
            exchange.close();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }
}
