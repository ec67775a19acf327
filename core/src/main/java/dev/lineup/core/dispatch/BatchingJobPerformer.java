package dev.lineup.core.dispatch;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.JobPerformingFilters;
import org.jobrunr.server.BackgroundJobPerformer;
import org.jobrunr.server.BackgroundJobServer;

import static org.jobrunr.jobs.states.StateName.SUCCEEDED;

/** JobRunr's job performer, except that a success is handed to the {@link CompletionBatcher}. */
final class BatchingJobPerformer extends BackgroundJobPerformer {

    private final BackgroundJobServer server;
    private final CompletionBatcher completions;

    BatchingJobPerformer(BackgroundJobServer server, Job job, CompletionBatcher completions) {
        super(server, job);
        this.server = server;
        this.completions = completions;
    }

    @Override
    protected void saveAndRunStateRelatedJobFilters(Job job) {
        if (job.getState() == SUCCEEDED) {
            var filters = new JobPerformingFilters(job, server.getJobFilters());
            filters.runOnStateElectionFilter();
            if (job.getState() == SUCCEEDED && completions.complete(job, filters)) return;
        }
        super.saveAndRunStateRelatedJobFilters(job);
    }
}
