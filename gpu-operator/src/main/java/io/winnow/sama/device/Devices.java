package io.winnow.sama.device;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Chooses where a trainer runs: the CPU, or a GPU by index (e.g. Flink's GPU external resource). */
public final class Devices {

    private Devices() {}

    /** The CPU for a negative index, otherwise that GPU, which must exist. */
    public static Device select(int gpuIndex) {
        if (gpuIndex < 0) {
            return Device.cpu();
        }
        EngineSettings.ensureOffline();
        int visible = Engine.getEngine("PyTorch").getGpuCount();
        if (gpuIndex >= visible) {
            throw new IllegalArgumentException("GPU " + gpuIndex + " was requested but PyTorch sees "
                    + visible + " GPU(s); install the CUDA natives and check CUDA_VISIBLE_DEVICES");
        }
        return Device.gpu(gpuIndex);
    }
}
