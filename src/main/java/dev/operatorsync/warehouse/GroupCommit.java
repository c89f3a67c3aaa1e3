package dev.operatorsync.warehouse;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A group commit: each caller hands in its item and waits, and whichever finds the committer free commits every item
 * handed in meanwhile in one transaction. Alone, an item commits at once; under load, one commit carries many, so the
 * warehouse's per-transaction cost (a WAL flush, a round trip per statement) is paid once per group.
 *
 * @param <T> what is committed
 * @param <R> what each item's commit returns to its caller
 */
public final class GroupCommit<T, R> {
    /** Commits a group in one transaction; returns one result per item, in order, or throws and commits nothing. */
    @FunctionalInterface
    public interface Committer<T, R> {
        List<R> commit(List<T> group) throws SQLException;
    }

    private record Waiting<T, R>(T item, CompletableFuture<R> result) {
    }

    private final Committer<T, R> committer;
    private final Queue<Waiting<T, R>> waiting = new ConcurrentLinkedQueue<>();

    public GroupCommit(Committer<T, R> committer) {
        this.committer = committer;
    }

    /** Returns once the group holding {@code item} committed, with its result, or throws what that commit threw. */
    public R commit(T item) throws SQLException {
        Waiting<T, R> mine = new Waiting<>(item, new CompletableFuture<>());
        waiting.add(mine);
        synchronized (this) {
            if (!mine.result().isDone()) {
                List<Waiting<T, R>> group = new ArrayList<>();
                for (Waiting<T, R> next = waiting.poll(); next != null; next = waiting.poll()) {
                    group.add(next);
                }
                try {
                    List<R> results = committer.commit(group.stream().map(Waiting::item).toList());
                    for (int i = 0; i < group.size(); i++) {
                        group.get(i).result().complete(results.get(i));
                    }
                } catch (SQLException | RuntimeException e) {
                    group.forEach(w -> w.result().completeExceptionally(e));
                }
            }
        }
        try {
            return mine.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        }
    }
}
