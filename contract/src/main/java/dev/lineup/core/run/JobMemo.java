package dev.lineup.core.run;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small notes a handler keeps on its job between runs, e.g. the rate-limit slot it reserved
 * before it snoozed. Kept in the job's JobRunr metadata and saved with its next state, so a
 * note written before a {@link Snooze} is there when the job runs again. Keys and values are
 * short strings; a job keeps a handful at most.
 */
public interface JobMemo {

    Optional<String> get(String key);

    void put(String key, String value);

    /** A memo that lives only in memory, for handlers run outside a job server (tests). */
    static JobMemo inMemory() {
        Map<String, String> notes = new ConcurrentHashMap<>();
        return new JobMemo() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(notes.get(key));
            }

            @Override
            public void put(String key, String value) {
                notes.put(key, value);
            }
        };
    }
}
