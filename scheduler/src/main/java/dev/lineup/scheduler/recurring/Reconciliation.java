package dev.lineup.scheduler.recurring;

import java.util.List;

/** What one reconciliation did, by recurring job id. */
record Reconciliation(List<String> added, List<String> updated, List<String> removed, List<String> unchanged) {

    @Override
    public String toString() {
        return "Schedules reconciled: added " + added + ", updated " + updated + ", removed " + removed + ", unchanged "
                + unchanged;
    }
}
