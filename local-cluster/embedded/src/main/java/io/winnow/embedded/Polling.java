package io.winnow.embedded;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits, with Awaitility, until a probe of the local broker says yes: the probe runs on the calling
 * thread every 50 ms, a failed probe counts as "not yet", and a timeout names what was awaited with
 * the last failure as its cause (the broker's own reason is usually more useful than "timed out").
 */
final class Polling {

    private static final Duration INTERVAL = Duration.ofMillis(50);

    /** A question for the broker; throwing means "not yet" as much as {@code false} does. */
    @FunctionalInterface
    interface Probe {
        boolean holds() throws Exception;
    }

    private Polling() {}

    /** @throws TimeoutException naming {@code what}, caused by the probe's last failure if it failed */
    static void until(String what, Duration timeout, Probe probe) throws TimeoutException {
        try {
            Awaitility.await(what)
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(INTERVAL)
                    .pollInSameThread()
                    .ignoreExceptions()
                    .until(probe::holds);
        } catch (ConditionTimeoutException e) {
            TimeoutException timeoutException = new TimeoutException(what + " did not happen within " + timeout
                    + (e.getCause() == null ? "" : "; last error: " + e.getCause()));
            timeoutException.initCause(e.getCause());
            throw timeoutException;
        }
    }
}
