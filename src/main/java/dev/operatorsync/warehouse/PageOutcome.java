package dev.operatorsync.warehouse;

/**
 * Counts of one page. {@code fetched} is every row handed in, duplicates included, so
 * {@code fetched = inserted + updated + unchanged}: a duplicate id, an equal hash and an update
 * refused because the stored row was observed later all count as unchanged. {@code deadLettered} counts
 * the page's records set aside in {@code dead_letters} instead (they are not in {@code fetched}).
 */
public record PageOutcome(int fetched, int inserted, int updated, int unchanged, int deadLettered) {
    public PageOutcome(int fetched, int inserted, int updated, int unchanged) {
        this(fetched, inserted, updated, unchanged, 0);
    }

    PageOutcome withDeadLettered(int count) {
        return new PageOutcome(fetched, inserted, updated, unchanged, count);
    }
}
