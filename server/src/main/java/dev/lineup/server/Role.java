package dev.lineup.server;

import dev.lineup.api.LineupJobsApi;
import dev.lineup.dashboard.LineupDashboard;
import dev.lineup.scheduler.LineupScheduler;
import dev.lineup.worker.LineupWorker;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A part of Lineup a process can run; {@code LINEUP_ROLES} names the ones it runs.
 * <ul>
 *     <li>{@code api}: the REST API producers enqueue through, and the key tables' janitor;</li>
 *     <li>{@code worker}: runs jobs, in the priorities {@code LINEUP_WORKER_PRIORITIES} names;</li>
 *     <li>{@code scheduler}: reconciles the recurring schedules and holds JobRunr's master duties
 *     (recurring jobs, due jobs and retries, expired and orphaned jobs, the job table's cleanup),
 *     so worker pools can scale to zero;</li>
 *     <li>{@code dashboard}: JobRunr's dashboard behind a password, on its own port.</li>
 * </ul>
 */
public enum Role {
    API(LineupJobsApi.class),
    WORKER(LineupWorker.class),
    SCHEDULER(LineupScheduler.class),
    DASHBOARD(LineupDashboard.class);

    /** Every role, in the form {@code LINEUP_ROLES} takes: what one process runs by default. */
    public static final String ALL = Arrays.stream(values()).map(Role::id).collect(Collectors.joining(","));

    private final Class<?> configuration;

    Role(Class<?> configuration) {
        this.configuration = configuration;
    }

    /** The role's name in {@code LINEUP_ROLES}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring configuration that makes up the role. */
    Class<?> configuration() {
        return configuration;
    }

    /** Reads a comma-separated list such as {@code worker} or {@code api,scheduler}. */
    public static Set<Role> parse(String roles) {
        Set<Role> parsed = EnumSet.noneOf(Role.class);
        for (String id : (roles == null ? "" : roles).split(",")) {
            String trimmed = id.trim();
            if (trimmed.isEmpty()) continue;
            parsed.add(Arrays.stream(values())
                    .filter(role -> role.id().equalsIgnoreCase(trimmed))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("LINEUP_ROLES names an unknown role '" + trimmed
                            + "'; the roles are " + ALL + " (a comma-separated list, e.g. LINEUP_ROLES=worker)")));
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("LINEUP_ROLES names no role; give one or more of " + ALL
                    + " (a comma-separated list, e.g. LINEUP_ROLES=worker)");
        }
        return parsed;
    }
}
