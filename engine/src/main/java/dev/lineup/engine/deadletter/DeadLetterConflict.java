package dev.lineup.engine.deadletter;

/** A dead-letter action the job's state does not allow, e.g. replaying a job that did not fail. */
public class DeadLetterConflict extends RuntimeException {

    public DeadLetterConflict(String message) {
        super(message);
    }
}
