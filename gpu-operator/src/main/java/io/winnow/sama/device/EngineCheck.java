package io.winnow.sama.device;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Starts DJL's PyTorch engine once and prints what it found: used at image build time to unpack the
 * native libraries into DJL_CACHE_DIR (so that nothing is downloaded when a container starts), and
 * as a check that a host's natives and GPUs work. Exits non-zero when the engine cannot start or a
 * tiny computation fails.
 */
public final class EngineCheck {

    private EngineCheck() {}

    public static void main(String[] args) {
        EngineSettings.ensureOffline();
        Engine engine = Engine.getEngine("PyTorch");
        int gpus = engine.getGpuCount();
        try (NDManager manager = NDManager.newBaseManager(Devices.select(gpus > 0 ? 0 : -1), "PyTorch")) {
            NDArray check = manager.arange(4f).square().sum();
            if (check.getFloat() != 14f) {
                System.err.println("engine check: wrong result " + check.getFloat());
                System.exit(1);
            }
            System.out.println("PyTorch " + engine.getVersion() + " via DJL " + Engine.getDjlVersion()
                    + ", GPUs visible: " + gpus + ", computed on " + manager.getDevice());
        }
    }
}
