package dev.lineup.dashboard;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

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
 */
@ConfigurationProperties("lineup.dashboard")
@Validated
public record DashboardProperties(
        boolean enabled,
        @NotBlank String address,
        @Min(0) @Max(65535) int port,
        @NotBlank String username,
        String password) {

    /** Leaves the password out, so logging the settings cannot leak it. */
    @Override
    public String toString() {
        return "DashboardProperties[enabled=" + enabled + ", address=" + address + ", port=" + port + ", username=" + username + ", password=(hidden)]";
    }
}
