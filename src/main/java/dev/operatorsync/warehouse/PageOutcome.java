package dev.operatorsync.warehouse;

/**
 * Counts of one page. {@code fetched} is every row handed in, duplicates included, so
 * {@code fetched = inserted + updated + unchanged}: a duplicate id, an equal hash and an update
 * refused because the stored row was observed later all count as unchanged.
 */
public record PageOutcome(int fetched, int inserted, int updated, int unchanged) {
}
