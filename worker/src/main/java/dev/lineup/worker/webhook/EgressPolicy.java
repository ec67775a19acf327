package dev.lineup.worker.webhook;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which addresses a webhook may reach. By default none of the machine's or the network's own:
 * loopback, private (10/8, 172.16/12, 192.168/16), carrier-grade NAT (100.64/10), link-local
 * (169.254/16 with the cloud metadata address, fe80::/10), unique-local (fc00::/7), multicast,
 * broadcast, "this network" (0/8) and the unspecified address, also when written as an
 * IPv4-mapped or IPv4-compatible IPv6 address. The allowlist ({@code LINEUP_WEBHOOK_ALLOW}: CIDR
 * blocks and host names, comma-separated) opens what the operator wants.
 *
 * <p>The policy judges addresses, never spellings: a host is resolved once, every address it
 * resolves to is judged, and the call may only connect to those (see {@link PinnedResolver}).
 * So {@code 2130706433}, {@code 0x7f000001}, {@code 0177.1}, {@code [::ffff:127.0.0.1]} and a
 * name whose DNS answer is 127.0.0.1 all end as 127.0.0.1, and are refused alike.
 */
final class EgressPolicy {

    /** An IPv4 address in any spelling inet_aton accepts: 1 to 4 parts, each decimal, 0x-hex or 0-octal. */
    private static final Pattern LEGACY_IPV4 =
            Pattern.compile("(?i)(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+)){0,3}");

    private final List<Cidr> allowedBlocks;
    private final Set<String> allowedHosts;

    private EgressPolicy(List<Cidr> allowedBlocks, Set<String> allowedHosts) {
        this.allowedBlocks = List.copyOf(allowedBlocks);
        this.allowedHosts = Set.copyOf(allowedHosts);
    }

    /**
     * @param allowlist CIDR blocks ({@code 127.0.0.0/8}, {@code ::1/128}), single addresses and
     *                  host names, comma-separated; blank for none
     * @throws IllegalArgumentException naming the entry that is none of these
     */
    static EgressPolicy allowing(String allowlist) {
        List<Cidr> blocks = new ArrayList<>();
        Set<String> hosts = new TreeSet<>();
        if (allowlist != null) {
            for (String raw : allowlist.split(",")) {
                String entry = raw.strip();
                if (entry.isEmpty()) continue;
                Optional<Cidr> block = Cidr.parse(entry);
                if (block.isPresent()) {
                    blocks.add(block.get());
                } else if (entry.matches("(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\\.?")
                        && !LEGACY_IPV4.matcher(entry).matches()) {
                    hosts.add(hostKey(entry));
                } else {
                    throw new IllegalArgumentException("LINEUP_WEBHOOK_ALLOW: '" + entry + "' is neither a CIDR block "
                            + "(such as 10.1.0.0/16 or fd00::/8), an address, nor a host name");
                }
            }
        }
        return new EgressPolicy(blocks, hosts);
    }

    /** Nothing internal allowed. */
    static EgressPolicy strict() {
        return allowing("");
    }

    /** What the allowlist opens, for the startup log; empty when nothing. */
    String describeAllowlist() {
        List<String> entries = new ArrayList<>();
        allowedBlocks.forEach(block -> entries.add(block.toString()));
        entries.addAll(allowedHosts);
        return String.join(", ", entries);
    }

    boolean allowsHost(String host) {
        return allowedHosts.contains(hostKey(host));
    }

    /**
     * Why a call to {@code address} (reached through {@code host}, the name in the URL) is refused,
     * or empty when it may go ahead.
     */
    Optional<String> refusal(String host, InetAddress address) {
        if (allowsHost(host)) return Optional.empty();
        for (Cidr block : allowedBlocks) {
            if (block.contains(address)) return Optional.empty();
        }
        return internalKind(address).map(kind -> address.getHostAddress() + " is " + kind);
    }

    /** The IPv4 address a literal in one of inet_aton's legacy spellings stands for, if it is one. */
    static Optional<InetAddress> legacyIpv4(String host) {
        if (!LEGACY_IPV4.matcher(host).matches()) return Optional.empty();
        String[] parts = host.split("\\.");
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].toLowerCase(Locale.ROOT);
            try {
                if (part.startsWith("0x"))
                    values[i] = part.length() == 2
                            ? 0
                            : new BigInteger(part.substring(2), 16)
                                    .min(BigInteger.valueOf(1L << 33))
                                    .longValue();
                else if (part.length() > 1 && part.startsWith("0"))
                    values[i] = new BigInteger(part, 8)
                            .min(BigInteger.valueOf(1L << 33))
                            .longValue();
                else
                    values[i] = new BigInteger(part)
                            .min(BigInteger.valueOf(1L << 33))
                            .longValue();
            } catch (NumberFormatException e) {
                return Optional.empty(); // an 8 or 9 in an octal part: not an address, a (strange) name
            }
        }
        // the last part fills every byte the earlier ones leave: 127.1 = 127.0.0.1, 2130706433 = 127.0.0.1
        long address = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 255) return Optional.empty();
            address = address << 8 | values[i];
        }
        int lastBytes = 4 - (values.length - 1);
        long last = values[values.length - 1];
        if (last >= 1L << (8 * lastBytes)) return Optional.empty();
        address = address << (8 * lastBytes) | last;
        byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return Optional.of(InetAddress.getByAddress(host, bytes));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }

    /** What kind of internal address this is, or empty for a public one. */
    static Optional<String> internalKind(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Optional<InetAddress> embedded = embeddedIpv4(b);
            if (embedded.isPresent()) {
                return internalKind(embedded.get()).map(kind -> kind + " (as an IPv4-mapped IPv6 address)");
            }
            if (v6.isAnyLocalAddress()) return Optional.of("the unspecified address");
            if (v6.isLoopbackAddress()) return Optional.of("a loopback address");
            if (v6.isLinkLocalAddress()) return Optional.of("a link-local address");
            if (v6.isMulticastAddress()) return Optional.of("a multicast address");
            if ((b[0] & 0xfe) == 0xfc) return Optional.of("a unique-local address");
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) return Optional.of("a site-local address");
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 127) return Optional.of("a loopback address");
        if (first == 0)
            return Optional.of(address.isAnyLocalAddress() ? "the unspecified address" : "a 'this network' address");
        if (first == 10 || (first == 172 && (second & 0xf0) == 16) || (first == 192 && second == 168))
            return Optional.of("a private address");
        if (first == 100 && (second & 0xc0) == 64) return Optional.of("a carrier-grade NAT address");
        if (first == 169 && second == 254) {
            return Optional.of(
                    address.getHostAddress().equals("169.254.169.254")
                            ? "the cloud metadata address"
                            : "a link-local address");
        }
        if (first >= 224) return Optional.of(first < 240 ? "a multicast address" : "a reserved or broadcast address");
        return Optional.empty();
    }

    /** The IPv4 address inside ::ffff:a.b.c.d (mapped) or ::a.b.c.d (compatible), if it is one. */
    private static Optional<InetAddress> embeddedIpv4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) return Optional.empty();
        }
        boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = b[10] == 0 && b[11] == 0 && ((b[12] | b[13]) != 0);
        if (!mapped && !compatible) return Optional.empty();
        try {
            return Optional.of(Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hostKey(String host) {
        String key = host.toLowerCase(Locale.ROOT);
        return key.endsWith(".") ? key.substring(0, key.length() - 1) : key;
    }

    /** A block of addresses: an address and how many of its leading bits must match. */
    @SuppressWarnings("ArrayRecordComponent") // never compared or hashed as a record: matches() reads the bytes
    record Cidr(byte[] network, int bits) {

        static Optional<Cidr> parse(String text) {
            int slash = text.indexOf('/');
            String addressText = slash < 0 ? text : text.substring(0, slash);
            if (!addressText.contains(":") && !addressText.matches("\\d{1,3}(\\.\\d{1,3}){3}")) return Optional.empty();
            if (addressText.contains(":") && !addressText.matches("[0-9a-fA-F:.]+")) return Optional.empty();
            byte[] network;
            try {
                // only literals reach here, so this never asks DNS
                network = InetAddress.getByName(addressText).getAddress();
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
            int bits = network.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
                if (bits < 0 || bits > network.length * 8) return Optional.empty();
            }
            return Optional.of(new Cidr(network, bits));
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) return false;
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) return false;
            }
            return true;
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(network).getHostAddress() + "/" + bits;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
