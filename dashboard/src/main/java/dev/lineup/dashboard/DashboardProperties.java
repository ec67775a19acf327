package dev.lineup.dashboard;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The dashboard's settings, under {@code lineup.dashboard}; defaults in
 * {@code lineup-dashboard.properties}.
 *
 * @param enabled  whether the dashboard is served ({@code LINEUP_DASHBOARD_ENABLED}, default true)
 * @param address  the interface it listens on; 127.0.0.1 keeps it to this machine
 *                 ({@code LINEUP_DASHBOARD_ADDRESS}, default 0.0.0.0: every interface)
 * @param port     its port; 0 picks a free one ({@code LINEUP_DASHBOARD_PORT}, default 8000)
 * @param username the basic-auth user name ({@code LINEUP_DASHBOARD_USERNAME}, default admin)
 * @param password the basic-auth password; when blank, a random one is generated at every start
 *                 and logged once ({@code LINEUP_DASHBOARD_PASSWORD}, default blank)
 * @param threads  how many requests are served at once; more wait their turn
 *                 ({@code LINEUP_DASHBOARD_THREADS}, default 16)
 * @param readTimeout how long a client may take to send a whole request; slower ones are cut off
 *                 ({@code LINEUP_DASHBOARD_READ_TIMEOUT}, default 10s, whole seconds)
 * @param idleTimeout how long a connection may stay open with no request
 *                 ({@code LINEUP_DASHBOARD_IDLE_TIMEOUT}, default 30s, whole seconds)
 */
@ConfigurationProperties("lineup.dashboard")
@Validated
public record DashboardProperties(
        boolean enabled,
        @NotBlank String address,
        @Min(0) @Max(65535) int port,
        @NotBlank String username,
        String password,
        @Min(1) @Max(1000) int threads,
        @NotNull @DurationMin(seconds = 1) Duration readTimeout,
        @NotNull @DurationMin(seconds = 1) Duration idleTimeout) {

    /** Leaves the password out, so logging the settings cannot leak it. */
    @Override
    public String toString() {
        return "DashboardProperties[enabled=" + enabled + ", address=" + address + ", port=" + port + ", username="
                + username + ", password=(hidden), threads=" + threads + ", readTimeout=" + readTimeout
                + ", idleTimeout=" + idleTimeout + "]";
    }
}
