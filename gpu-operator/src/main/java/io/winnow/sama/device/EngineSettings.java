package io.winnow.sama.device;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Process-wide settings of DJL's PyTorch engine. Offline mode and the telemetry opt-out must be in
 * place before the engine starts: without them start-up calls a cloud metadata address, and with
 * them DJL uses the natives from the Maven jar and never downloads anything.
 */
public final class EngineSettings {

    private EngineSettings() {}

    /** Sets offline mode and the telemetry opt-out unless the user chose otherwise; idempotent. */
    public static synchronized void ensureOffline() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
    }

    /**
     * Intra-op and inter-op thread counts of PyTorch on the CPU. Before the engine starts they become
     * DJL's start-up properties; afterwards the intra-op count changes at once and the inter-op count
     * (which PyTorch fixes at its first parallel region) is left as it is.
     */
    public static synchronized void threads(int intraOp, int interOp) {
        if (intraOp < 1 || interOp < 1) {
            throw new IllegalArgumentException("thread counts must be positive: " + intraOp + ", " + interOp);
        }
        ensureOffline();
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(intraOp));
        System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(interOp));
        // Starts the engine with these properties if it is not running yet; otherwise applies the
        // intra-op count now.
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(intraOp);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) {
            System.setProperty(key, value);
        }
    }
}
