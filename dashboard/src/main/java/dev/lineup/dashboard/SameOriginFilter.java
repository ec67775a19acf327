package dev.lineup.dashboard;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses cross-site requests that change something: a POST, PUT, PATCH or DELETE must come from
 * the dashboard's own pages. A browser says where a request comes from in {@code Sec-Fetch-Site},
 * {@code Origin} or {@code Referer}; a request with none of them, or naming another site, gets
 * 403, so a page elsewhere cannot make a logged-in operator's browser requeue or delete jobs.
 * Reads (GET, HEAD) pass: they change nothing.
 */
final class SameOriginFilter extends Filter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (SAFE.contains(exchange.getRequestMethod().toUpperCase(Locale.ROOT)) || sameOrigin(exchange)) {
            chain.doFilter(exchange);
            return;
        }
        byte[] body =
                "{\"status\":403,\"title\":\"Forbidden\",\"detail\":\"a request that changes something must come from the dashboard's own pages (same Origin)\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(403, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static boolean sameOrigin(HttpExchange exchange) {
        var headers = exchange.getRequestHeaders();
        String site = headers.getFirst("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) return false;
        String host = headers.getFirst("Host");
        if (host == null) return false;
        String origin = headers.getFirst("Origin");
        if (origin != null && !origin.equals("null")) return hostOf(origin).equalsIgnoreCase(host);
        String referer = headers.getFirst("Referer");
        return referer != null && hostOf(referer).equalsIgnoreCase(host);
    }

    /** {@code host[:port]} of an absolute URL, or empty when it is none. */
    private static String hostOf(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || uri.getRawAuthority() == null) return "";
            return uri.getRawAuthority();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    @Override
    public String description() {
        return "refuses cross-site state-changing requests";
    }
}
