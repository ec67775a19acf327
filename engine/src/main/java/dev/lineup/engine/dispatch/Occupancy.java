package dev.lineup.engine.dispatch;

import dev.lineup.core.job.JobLabels;
import dev.lineup.core.job.Priority;
import org.jobrunr.jobs.Job;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/**
 * How many more jobs of each priority one worker may start now, given its threads, what it
 * runs, and the shares reserved for higher priorities.
 */
final class Occupancy {

    private final Map<Priority, Integer> room = new EnumMap<>(Priority.class);
    private int lowRoom;
    private int normalAndLowRoom;

    Occupancy(int threads, Collection<Job> running, int starting, DispatchProperties properties) {
        Map<Priority, Integer> runningBy = new EnumMap<>(Priority.class);
        for (Job job : running) runningBy.merge(JobLabels.parse(job.getLabels()).priority(), 1, Integer::sum);
        int low = runningBy.getOrDefault(Priority.LOW, 0);
        int normal = runningBy.getOrDefault(Priority.NORMAL, 0);
        // A worker of one thread cannot keep a thread free: it runs whatever comes first.
        lowRoom = Math.max(0, share(threads, properties.lowShare()) - low - starting);
        normalAndLowRoom = Math.max(0, share(threads, properties.normalShare()) - low - normal - starting);
        for (Priority priority : Priority.values())
            room.put(priority, properties.priorities().contains(priority) ? Integer.MAX_VALUE : 0);
    }

    private static int share(int threads, double share) {
        return share == 0 ? 0 : Math.max(1, (int) Math.floor(threads * share));
    }

    /** How many jobs of this priority may start now. */
    int roomFor(Priority priority) {
        return switch (priority) {
            case LOW -> Math.min(room.get(priority), Math.min(lowRoom, normalAndLowRoom));
            case NORMAL -> Math.min(room.get(priority), normalAndLowRoom);
            default -> room.get(priority);
        };
    }

    void started(Priority priority) {
        if (priority == Priority.LOW) {
            lowRoom--;
            normalAndLowRoom--;
        } else if (priority == Priority.NORMAL) {
            normalAndLowRoom--;
        }
    }

    /** A job counted by {@link #started} that does not run after all. */
    void gaveBack(Priority priority) {
        if (priority == Priority.LOW) {
            lowRoom++;
            normalAndLowRoom++;
        } else if (priority == Priority.NORMAL) {
            normalAndLowRoom++;
        }
    }
}
