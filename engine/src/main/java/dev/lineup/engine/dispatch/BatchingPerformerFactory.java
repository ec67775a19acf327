package dev.lineup.engine.dispatch;

import org.jobrunr.jobs.Job;
import org.jobrunr.server.BackgroundJobPerformer;
import org.jobrunr.server.BackgroundJobPerformerFactory;
import org.jobrunr.server.BackgroundJobServer;

/**
 * Found by JobRunr through {@code ServiceLoader}: Lineup's servers get performers that batch
 * their successes and understand snoozes and drops; any other JobRunr server in the same JVM
 * gets JobRunr's own.
 */
public final class BatchingPerformerFactory implements BackgroundJobPerformerFactory {

    @Override
    public int getPriority() {
        return 100;
    }

    @Override
    public BackgroundJobPerformer newBackgroundJobPerformer(BackgroundJobServer server, Job job) {
        if (server instanceof LineupBackgroundJobServer lineup) {
            return new BatchingJobPerformer(lineup, job);
        }
        return new BackgroundJobPerformer(server, job);
    }
}
