package dev.lineup.dashboard;

import com.sun.net.httpserver.HttpServer;
import org.jobrunr.dashboard.JobRunrApiHandler;
import org.jobrunr.dashboard.JobRunrSseHandler;
import org.jobrunr.dashboard.JobRunrStaticFileHandler;
import org.jobrunr.dashboard.server.HttpExchangeHandler;
import org.jobrunr.dashboard.server.http.RedirectHttpHandler;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.ThreadSafeStorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves JobRunr's dashboard (its static UI, its REST API under {@code /api} and its server-sent
 * events under {@code /sse}) with the JDK's HTTP server, wired the way
 * {@code JobRunrDashboardWebServer.start()} wires it, but listening on the configured interface
 * and checking credentials with {@link LineupAuthenticator}.
 *
 * <p>The port is bound when the bean is created, so the actual port (with port 0) and the
 * {@link DashboardAccess} are known before the context finishes starting; requests are served
 * from {@link #start()} on.
 */
class DashboardServer implements SmartLifecycle, DisposableBean {

    private static final Logger LOGGER = LoggerFactory.getLogger(DashboardServer.class);
    private static final int GENERATED_PASSWORD_BYTES = 15; // 20 URL-safe characters

    private final StorageProvider storageProvider;
    private final JsonMapper jsonMapper;
    private final ClassLoader classLoader;
    private final LineupAuthenticator authenticator;
    private final DashboardAccess access;
    private final InetSocketAddress address;
    private final int threads;

    private HttpServer server;
    private ExecutorService executor;
    private List<HttpExchangeHandler> handlers = List.of();
    private volatile boolean running;

    /**
     * @param classLoader what the server's threads use as their context class loader: the HTTP
     *                    server starts them from its dispatcher thread, which has the JDK's system
     *                    class loader, and inside a fat jar that one cannot see the application's
     *                    classes and resources
     */
    DashboardServer(
            DashboardProperties properties,
            StorageProvider storageProvider,
            JsonMapper jsonMapper,
            ClassLoader classLoader) {
        // JobRunr's handlers are written against the thread-safe wrapper; its own server wraps the same way
        this.storageProvider = new ThreadSafeStorageProvider(storageProvider);
        // what the browser reads: credentials in payloads redacted
        this.jsonMapper = new RedactingJsonMapper(jsonMapper);
        this.classLoader = classLoader;
        String password =
                isBlank(properties.password()) ? generatedPassword(properties.username()) : properties.password();
        this.authenticator = new LineupAuthenticator(properties.username(), password);
        this.threads = properties.threads();
        limitSlowClients(properties);
        this.server = bind(new InetSocketAddress(properties.address(), properties.port()));
        this.address = server.getAddress();
        this.access = new DashboardAccess(
                "http://" + host(address.getAddress()) + ":" + address.getPort() + "/dashboard",
                properties.username(),
                password);
    }

    DashboardAccess access() {
        return access;
    }

    /** The port it listens on; the one picked by the system when configured as 0. */
    int port() {
        return address.getPort();
    }

    @Override
    public synchronized void start() {
        if (running) return;
        if (server == null) {
            // started again after a stop: listen on the same port, so the access stays right
            server = bind(address);
        }
        // a fixed number of threads: a flood of connections waits in the queue instead of
        // making one thread each, and the read timeout clears the ones that never finish
        executor = Executors.newFixedThreadPool(threads, threadFactory());
        server.setExecutor(executor);
        var redirect = new RedirectHttpHandler("/", "/dashboard");
        var staticFiles = new JobRunrStaticFileHandler();
        var api = new JobRunrApiHandler(storageProvider, jsonMapper, false);
        var events = new JobRunrSseHandler(storageProvider, jsonMapper);
        handlers = List.of(redirect, staticFiles, api, events);
        server.createContext(redirect.getContextPath(), redirect);
        for (HttpExchangeHandler secured : List.of(staticFiles, api, events)) {
            var context = server.createContext(secured.getContextPath(), secured);
            context.setAuthenticator(authenticator);
            context.getFilters().add(new SameOriginFilter());
        }
        server.start();
        running = true;
        LOGGER.info("Dashboard at {} (user {})", access.url(), access.username());
    }

    @Override
    public synchronized void stop() {
        if (!running) return;
        running = false;
        // server-sent event streams first, so browsers get JobRunr's close event; then no new
        // requests; then the threads
        handlers.forEach(DashboardServer::close);
        handlers = List.of();
        server.stop(0);
        server = null;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOGGER.info("Dashboard stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Frees the port also when the context failed after this bean was created but before it started. */
    @Override
    public synchronized void destroy() {
        stop();
        if (server != null) {
            // the JDK's server closes its listening socket from its dispatcher thread, which only
            // start() creates: a server that never started would keep the port until the JVM exits
            server.start();
            server.stop(0);
            server = null;
        }
    }

    /**
     * The JDK's HTTP server reads its timeouts once per JVM, from system properties, when its
     * first server starts; an operator's own {@code -D} settings win. Without them a client that
     * never finishes its request holds a thread for ever.
     */
    private static void limitSlowClients(DashboardProperties properties) {
        setIfAbsent("sun.net.httpserver.maxReqTime", seconds(properties.readTimeout()));
        setIfAbsent("sun.net.httpserver.idleInterval", seconds(properties.idleTimeout()));
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        } else if (!System.getProperty(property).equals(value)) {
            LOGGER.info(
                    "Dashboard: keeping -D{}={} over the configured {}", property, System.getProperty(property), value);
        }
    }

    private static String seconds(java.time.Duration duration) {
        return Long.toString(Math.max(1, (duration.toMillis() + 999) / 1000));
    }

    private static HttpServer bind(InetSocketAddress address) {
        try {
            return HttpServer.create(address, 0);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "Cannot open the dashboard on " + address.getHostString() + ":" + address.getPort() + " ("
                            + e.getMessage()
                            + "); choose another port with LINEUP_DASHBOARD_PORT or interface with LINEUP_DASHBOARD_ADDRESS, or turn it off with LINEUP_DASHBOARD_ENABLED=false",
                    e);
        }
    }

    private ThreadFactory threadFactory() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "lineup-dashboard-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(classLoader);
            return thread;
        };
    }

    private static void close(HttpExchangeHandler handler) {
        try {
            handler.close();
        } catch (RuntimeException e) {
            LOGGER.warn("Could not close the dashboard's {} handler", handler.getContextPath(), e);
        }
    }

    private static String generatedPassword(String username) {
        byte[] random = new byte[GENERATED_PASSWORD_BYTES];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        // like Spring Security's generated password: shown once, so a first start is usable
        LOGGER.warn(
                "Generated a dashboard password for user {}: {} . It changes at every start; set LINEUP_DASHBOARD_PASSWORD for a fixed one.",
                username,
                password);
        return password;
    }

    private static String host(InetAddress address) {
        if (address.isAnyLocalAddress()) return "localhost";
        if (address instanceof Inet6Address) return "[" + address.getHostAddress() + "]";
        return address.getHostAddress();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
