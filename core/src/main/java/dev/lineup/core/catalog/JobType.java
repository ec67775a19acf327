package dev.lineup.core.catalog;

/**
 * What Lineup knows about one job type: the stable name producers use on the wire, the record
 * that carries its payload, the priority it gets when the producer names none, and a sentence
 * for the catalog endpoint.
 */
public record JobType<J extends LineupJob>(String name, Class<J> recordClass, Priority defaultPriority, String description) {
}
