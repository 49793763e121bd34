package io.winnow.jobs.ingest;

import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.assigners.FileSplitAssigner;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Hands out a file source's splits in the order its paths were given, so that one reader reads the
 * files of a replay, and its epochs, one after the other. The file enumerator numbers splits as it
 * walks the paths (fixed-width ids), so that order is the order of the ids; splits a failed reader
 * hands back go to the front again, in order. Flink's own assigners prefer locality and give no order.
 */
@Internal
public final class InOrderSplitAssigner implements FileSplitAssigner {

    /** Same-width ids compare as numbers; the length first in case an enumerator does not pad them. */
    private static final Comparator<FileSourceSplit> BY_ID =
            Comparator.comparingInt((FileSourceSplit split) -> split.splitId().length())
                    .thenComparing(FileSourceSplit::splitId);

    private final PriorityQueue<FileSourceSplit> splits = new PriorityQueue<>(BY_ID);

    public InOrderSplitAssigner(Collection<FileSourceSplit> initialSplits) {
        splits.addAll(initialSplits);
    }

    @Override
    public Optional<FileSourceSplit> getNext(String hostname) {
        return Optional.ofNullable(splits.poll());
    }

    @Override
    public void addSplits(Collection<FileSourceSplit> newSplits) {
        splits.addAll(newSplits);
    }

    @Override
    public Collection<FileSourceSplit> remainingSplits() {
        ArrayList<FileSourceSplit> remaining = new ArrayList<>(splits);
        remaining.sort(BY_ID);
        return remaining;
    }
}
