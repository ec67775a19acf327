package dev.lineup.dashboard;

/**
 * How to open the dashboard: its address and the credentials it accepts, including a
 * generated password. A bean, so the standalone app can print it at startup.
 *
 * @param url      e.g. {@code http://localhost:8000/dashboard}; {@code localhost} when the
 *                 dashboard listens on every interface
 * @param username the basic-auth user name
 * @param password the basic-auth password, configured or generated
 */
public record DashboardAccess(String url, String username, String password) {

    /** Leaves the password out, so logging the bean cannot leak it. */
    @Override
    public String toString() {
        return "DashboardAccess[url=" + url + ", username=" + username + ", password=(hidden)]";
    }
}
