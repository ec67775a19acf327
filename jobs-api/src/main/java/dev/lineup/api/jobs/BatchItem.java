package dev.lineup.api.jobs;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** One job of a batch answer: the job, and whether this request created it or found it by its key. */
record BatchItem(@JsonUnwrapped JobSummary job, boolean created) {}
