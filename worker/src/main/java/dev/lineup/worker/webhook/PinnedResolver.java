package dev.lineup.worker.webhook;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.io.DetachedSocketFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Makes the webhook client connect only where the {@link EgressPolicy} allows, also when DNS
 * changes its answer between the check and the call (rebinding): a host is resolved once, every
 * address is judged, and the client gets those addresses only. The sockets it opens then check
 * the address they actually connect to against what this thread's resolution approved, so no
 * other way of reaching an address (a cached connection aside, which was approved when made)
 * gets past the policy.
 */
final class PinnedResolver implements DnsResolver, DetachedSocketFactory {

    /** A destination the policy refuses; raised before any connection is attempted. */
    static final class RefusedDestination extends UnknownHostException {
        RefusedDestination(String message) {
            super(message);
        }
    }

    private final EgressPolicy policy;
    /** The addresses this thread's current call may connect to; the classic client connects on the calling thread. */
    private final ThreadLocal<Set<InetAddress>> approved = ThreadLocal.withInitial(HashSet::new);

    PinnedResolver(EgressPolicy policy) {
        this.policy = policy;
    }

    /** Forgets what the finished call approved. */
    void endCall() {
        approved.remove();
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = EgressPolicy.legacyIpv4(name)
                .map(address -> new InetAddress[] {address})
                .orElse(null);
        if (addresses == null) {
            addresses = InetAddress.getAllByName(name);
        }
        for (InetAddress address : addresses) {
            var refusal = policy.refusal(name, address);
            if (refusal.isPresent()) {
                String via = address.getHostAddress().equals(name) ? "" : " (" + name + " resolves to it)";
                throw new RefusedDestination("webhook refused: " + refusal.get() + via
                        + "; webhooks may not call internal addresses unless LINEUP_WEBHOOK_ALLOW lists them");
            }
        }
        approved.get().addAll(Arrays.asList(addresses));
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return host;
    }

    @Override
    public Socket create(Proxy proxy) {
        return new Socket() {
            @Override
            public void connect(SocketAddress endpoint, int timeout) throws IOException {
                if (!(endpoint instanceof InetSocketAddress target)
                        || target.getAddress() == null
                        || !approved.get().contains(target.getAddress())) {
                    throw new RefusedDestination(
                            "webhook refused: " + endpoint + " was not approved by the egress policy");
                }
                super.connect(endpoint, timeout);
            }
        };
    }
}
