package dev.lineup.worker.webhook;

import dev.lineup.core.catalog.CallWebhook;
import dev.lineup.core.catalog.Examples;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.PermanentFailure;
import dev.lineup.core.run.RunContext;
import dev.lineup.worker.webhook.TestWebhookServer.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The egress policy on the real webhook client: refused destinations fail for good before any
 * connection is made. Only loopback addresses ever get traffic; every other internal address is
 * refused before a packet leaves.
 */
class WebhookEgressTest {

    private final TestWebhookServer app = TestWebhookServer.start();
    private final RunContext run = new RunContext(JobIds.random(), "salon-app", Priority.NORMAL, 1);
    /** The shipped default: no internal destination allowed. */
    private final CallWebhookHandler strict = TestWebhooks.handler("lineup.worker.webhook.allow=");

    @AfterEach
    void stop() {
        app.close();
    }

    /** Every spelling of 127.0.0.1 (and of "this host"), aimed at a listening socket that must see no connection. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "2130706433",
                "0x7f000001",
                "0x7f.0.0.1",
                "0177.0.0.1",
                "0177.1",
                "127.1",
                "127.0.1",
                "[::ffff:127.0.0.1]",
                "[::ffff:7f00:1]",
                "[0:0:0:0:0:ffff:127.0.0.1]",
                "localhost",
                "LOCALHOST",
                "0.0.0.0",
                "0"
            })
    void everySpellingOfLoopbackIsRefusedBeforeConnecting(String host) throws Exception {
        try (var listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "http://" + host + ":" + listener.getLocalPort() + "/hooks/cleanup";

            assertThatThrownBy(() -> strict.handle(Examples.webhook(url), run))
                    .isInstanceOf(PermanentFailure.class)
                    // 0x7f.0.0.1, 127.1 and the like are not even URLs to Java's parser, so nothing can call them
                    .hasMessageMatching(
                            "webhook refused: .* LINEUP_WEBHOOK_ALLOW lists them|cannot build the webhook request: .* names no host");

            // the first connection the listener accepts is our probe: the webhook never connected
            try (var probe = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                    var first = listener.accept()) {
                assertThat(first.getPort()).isEqualTo(probe.getLocalPort());
            }
        }
    }

    /** Never connected to (refused first), so these tests send no traffic beyond this machine. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.2",
                "127.255.255.254",
                "[::1]",
                "[::]",
                "10.0.0.1",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "100.64.0.1",
                "169.254.169.254",
                "169.254.1.1",
                "[fe80::1]",
                "[fd00::1]",
                "[fc00::1]",
                "224.0.0.1",
                "[ff02::1]",
                "255.255.255.255",
                "[::ffff:10.0.0.1]",
                "[::ffff:169.254.169.254]",
                "[::127.0.0.2]",
                "012.0.0.1",
                "0xa9fea9fe",
                "2852039166"
            })
    void internalAddressesAreRefused(String host) {
        String url = "http://" + host + ":8080/hooks/cleanup";

        assertThatThrownBy(() -> strict.handle(Examples.webhook(url), run))
                .isInstanceOf(PermanentFailure.class)
                .hasMessageStartingWith("webhook refused: ");
    }

    @Test
    void theRefusalSaysWhatTheAddressIsAndWhatTheNameResolvedTo() {
        assertThatThrownBy(() -> strict.handle(Examples.webhook("http://169.254.169.254/latest/meta-data"), run))
                .hasMessage("webhook refused: 169.254.169.254 is the cloud metadata address; "
                        + "webhooks may not call internal addresses unless LINEUP_WEBHOOK_ALLOW lists them");
        assertThatThrownBy(() -> strict.handle(Examples.webhook("http://2130706433/x"), run))
                .hasMessageStartingWith("webhook refused: 127.0.0.1 is a loopback address (2130706433 resolves to it)");
        assertThatThrownBy(() -> strict.handle(Examples.webhook("http://[::ffff:10.1.2.3]/x"), run))
                .hasMessageStartingWith("webhook refused: 10.1.2.3 is a private address");
    }

    @Test
    void aHostNameResolvingToLoopbackIsRefused() {
        app.on("/hooks/cleanup", request -> Answer.of(200));

        assertThatThrownBy(
                        () -> strict.handle(Examples.webhook("http://localhost:" + app.port() + "/hooks/cleanup"), run))
                .isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("is a loopback address (localhost resolves to it)");
        assertThat(app.requests("/hooks/cleanup")).isEmpty();
    }

    @Test
    void theAllowlistOpensALocalReceiverAndNothingElse() throws Exception {
        app.on("/hooks/cleanup", request -> Answer.of(200));
        var allowing = TestWebhooks.handler("lineup.worker.webhook.allow=127.0.0.1/32");

        allowing.handle(Examples.webhook(app.url("/hooks/cleanup")), run);
        allowing.handle(Examples.webhook("http://2130706433:" + app.port() + "/hooks/cleanup"), run);

        assertThat(app.requests("/hooks/cleanup")).hasSize(2);
        assertThatThrownBy(() ->
                        allowing.handle(Examples.webhook("http://127.0.0.2:" + app.port() + "/hooks/cleanup"), run))
                .isInstanceOf(PermanentFailure.class)
                .hasMessageStartingWith("webhook refused: 127.0.0.2 is a loopback address");
    }

    @Test
    void theAllowlistOpensAHostByName() throws Exception {
        app.on("/hooks/cleanup", request -> Answer.of(204));
        var allowing = TestWebhooks.handler("lineup.worker.webhook.allow=localhost");

        allowing.handle(Examples.webhook("http://localhost:" + app.port() + "/hooks/cleanup"), run);

        assertThat(app.requests("/hooks/cleanup")).hasSize(1);
        assertThatThrownBy(() -> allowing.handle(Examples.webhook(app.url("/hooks/cleanup")), run))
                .as("the name is allowed, not the address it has")
                .isInstanceOf(PermanentFailure.class);
    }

    @Test
    void theClientOnlyConnectsToAddressesTheResolverApproved() throws Exception {
        // what DNS rebinding would need: a connection to an address no resolution approved
        var resolver = new PinnedResolver(EgressPolicy.allowing("127.0.0.1/32"));
        try (var listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Socket socket = resolver.create(null)) {
            assertThatThrownBy(() -> socket.connect(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 1000))
                    .isInstanceOf(PinnedResolver.RefusedDestination.class);

            resolver.resolve("127.0.0.1");
            try (Socket approved = resolver.create(null)) {
                approved.connect(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 1000);
                assertThat(approved.isConnected()).isTrue();
            }
            resolver.endCall();
            try (Socket afterwards = resolver.create(null)) {
                assertThatThrownBy(() -> afterwards.connect(
                                new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 1000))
                        .as("an approval ends with its call")
                        .isInstanceOf(PinnedResolver.RefusedDestination.class);
            }
        }
    }

    @Test
    void legacyIpv4SpellingsMeanWhatInetAtonSaysTheyMean() {
        assertThat(EgressPolicy.legacyIpv4("2130706433"))
                .hasValueSatisfying(a -> assertThat(a.getHostAddress()).isEqualTo("127.0.0.1"));
        assertThat(EgressPolicy.legacyIpv4("0x7f000001"))
                .hasValueSatisfying(a -> assertThat(a.getHostAddress()).isEqualTo("127.0.0.1"));
        assertThat(EgressPolicy.legacyIpv4("0177.0.0.01"))
                .hasValueSatisfying(a -> assertThat(a.getHostAddress()).isEqualTo("127.0.0.1"));
        assertThat(EgressPolicy.legacyIpv4("127.1"))
                .hasValueSatisfying(a -> assertThat(a.getHostAddress()).isEqualTo("127.0.0.1"));
        assertThat(EgressPolicy.legacyIpv4("10.65535"))
                .hasValueSatisfying(a -> assertThat(a.getHostAddress()).isEqualTo("10.0.255.255"));
        assertThat(EgressPolicy.legacyIpv4("example.com")).isEmpty();
        assertThat(EgressPolicy.legacyIpv4("4294967296"))
                .as("more than 32 bits")
                .isEmpty();
        assertThat(EgressPolicy.legacyIpv4("1.2.3.256")).isEmpty();
    }

    @Test
    void publicAddressesAreNotInternal() throws Exception {
        for (String address :
                new String[] {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "192.169.0.1"
                }) {
            assertThat(EgressPolicy.internalKind(InetAddress.getByName(address)))
                    .as(address)
                    .isEmpty();
        }
    }

    @Test
    void aBadAllowlistEntryStopsTheWorkerNamingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> EgressPolicy.allowing("10.0.0.0/8, 10.0.0.0/33"))
                .withMessage(
                        "LINEUP_WEBHOOK_ALLOW: '10.0.0.0/33' is neither a CIDR block (such as 10.1.0.0/16 or fd00::/8), an address, nor a host name");
        assertThatIllegalArgumentException().isThrownBy(() -> EgressPolicy.allowing("http://hooks.example"));
    }

    @Test
    void anAnswersExcerptIsShortAndHasNoControlCharacters() {
        app.on("/hooks/cleanup", request -> new Answer(400, "line one\r\nline\u0007two\t" + "x".repeat(5000)));
        var handler = TestWebhooks.handler();

        assertThatThrownBy(
                        () -> handler.handle(new CallWebhook(app.url("/hooks/cleanup"), "POST", Map.of(), null), run))
                .isInstanceOf(PermanentFailure.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).startsWith("webhook answered 400 Bad Request: line one line two x");
                    assertThat(e.getMessage()).doesNotContain("\r", "\n", "\u0007", "\t");
                    assertThat(e.getMessage().length()).isLessThan(BodySnippet.LIMIT + 40);
                });
    }
}
