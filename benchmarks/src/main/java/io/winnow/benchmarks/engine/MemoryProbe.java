package io.winnow.benchmarks.engine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads this process's memory: the JVM heap's peak (sum of the heap pools' peak usages) and, on
 * Linux, the resident set size now (VmRSS) and at its peak (VmHWM) from /proc/self/status.
 * Values are in bytes; -1 where the platform does not say.
 */
final class MemoryProbe {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private MemoryProbe() {}

    /** Sum of the peak usages of the heap pools since the JVM started or since {@link #resetHeapPeaks()}. */
    static long heapPeakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : heapPools()) {
            sum += pool.getPeakUsage().getUsed();
        }
        return sum;
    }

    static void resetHeapPeaks() {
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    static long rssBytes() {
        return statusBytes("VmRSS");
    }

    static long peakRssBytes() {
        return statusBytes("VmHWM");
    }

    /**
     * Sets VmHWM back to the current RSS (Linux 4.0+: "5" written to /proc/self/clear_refs), so the
     * next {@link #peakRssBytes()} covers only what follows. Returns false where that is not
     * possible; the peak then covers the whole life of the process.
     */
    static boolean resetPeakRss() {
        try {
            Files.writeString(CLEAR_REFS, "5", StandardCharsets.US_ASCII);
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** Whether RSS figures are available (Linux /proc). */
    static boolean rssAvailable() {
        return Files.isReadable(STATUS);
    }

    /** Collects garbage, twice, so that a following measurement sees a settled heap. */
    static void settle() {
        System.gc();
        System.gc();
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isValid())
                .toList();
    }

    private static long statusBytes(String field) {
        long kilobytes = statusKilobytes(field);
        return kilobytes < 0 ? -1 : kilobytes * 1024;
    }

    private static long statusKilobytes(String field) {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith(field + ":")) {
                    String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                    return Long.parseLong(parts[0]);
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
