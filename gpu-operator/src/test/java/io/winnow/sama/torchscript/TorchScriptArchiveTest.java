package io.winnow.sama.torchscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class TorchScriptArchiveTest {

    @TempDir Path dir;

    // Linear(3 -> 4) -> ReLU -> Linear(4 -> 2), weights chosen so some hidden units are cut.
    private static final double[] W1 = {
        0.5, -1.0, 0.25, //
        -0.5, 0.75, 1.5, //
        1.0, 1.0, -1.0, //
        -2.0, 0.1, 0.3
    };
    private static final double[] B1 = {0.1, -0.2, 0.0, 0.5};
    private static final double[] W2 = {
        1.0, -0.5, 2.0, 0.25, //
        -1.5, 0.5, 0.75, 1.0
    };
    private static final double[] B2 = {0.05, -0.1};
    private static final double[] X = {
        1.0, 2.0, -1.0, //
        -0.5, 0.3, 2.0
    };

    private Model loadTrainable(String name) throws Exception {
        Model model = Model.newInstance(name, Device.cpu(), "PyTorch");
        model.load(dir, name, Map.of("trainParam", "true"));
        return model;
    }

    @Test
    void mlpLoadsAsTrainableSymbolBlockMatchingNdArrayOps() throws Exception {
        TorchScriptArchive.module("Mlp")
                .parameter("fc1_weight", ScriptTensor.ofDoubles(W1, 4, 3))
                .parameter("fc1_bias", ScriptTensor.ofDoubles(B1, 4))
                .parameter("fc2_weight", ScriptTensor.ofDoubles(W2, 2, 4))
                .parameter("fc2_bias", ScriptTensor.ofDoubles(B2, 2))
                .methods(MlpClassifierArchive.FORWARD)
                .write(dir.resolve("mlp.pt"));

        try (Model model = loadTrainable("mlp")) {
            PtSymbolBlock block = (PtSymbolBlock) model.getBlock();
            NDManager nd = model.getNDManager();
            assertThat(block.getParameters().keys())
                    .containsExactly("fc1_weight", "fc1_bias", "fc2_weight", "fc2_bias");
            assertThat(block.getParameters().get("fc1_weight").getArray().getShape())
                    .isEqualTo(new Shape(4, 3));
            assertThat(block.getParameters().get("fc2_bias").requiresGradient()).isTrue();

            NDArray x = nd.create(X, new Shape(2, 3));
            NDArray expected =
                    x.matMul(nd.create(W1, new Shape(4, 3)).transpose())
                            .add(nd.create(B1))
                            .maximum(0)
                            .matMul(nd.create(W2, new Shape(2, 4)).transpose())
                            .add(nd.create(B2));
            double[] hidden = reluHidden(nd, x);

            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray logits =
                        block.forward(new ParameterStore(nd, false), new NDList(x), true).get(0);
                assertThat(logits.getDataType()).isEqualTo(DataType.FLOAT64);
                assertThat(logits.toDoubleArray())
                        .containsExactly(expected.toDoubleArray(), within(1e-12));
                collector.backward(logits.sum());
            }

            // d sum(logits) / d fc2_bias = batch size; / d fc2_weight[c][j] = sum_n hidden[n][j].
            Parameter b2 = block.getParameters().get("fc2_bias");
            assertThat(b2.getArray().getGradient().toDoubleArray())
                    .containsExactly(new double[] {2, 2}, within(1e-12));
            double[] w2Grad = block.getParameters().get("fc2_weight").getArray()
                    .getGradient().toDoubleArray();
            for (int c = 0; c < 2; c++) {
                for (int j = 0; j < 4; j++) {
                    assertThat(w2Grad[c * 4 + j])
                            .isCloseTo(hidden[j] + hidden[4 + j], within(1e-12));
                }
            }
        }
    }

    private static double[] reluHidden(NDManager nd, NDArray x) {
        return x.matMul(nd.create(W1, new Shape(4, 3)).transpose())
                .add(nd.create(B1))
                .maximum(0)
                .toDoubleArray();
    }

    @Test
    void parameterlessModuleWithSeveralMethods() throws Exception {
        TorchScriptArchive.module("Plain")
                .methods(
                        String.join(
                                "\n",
                                "def forward(self, x: Tensor) -> Tensor:",
                                "  return torch.neg(x)",
                                "",
                                "def twice(self, xs: List[Tensor]) -> List[Tensor]:",
                                "  out = annotate(List[Tensor], [])",
                                "  for x in xs:",
                                "    out.append(torch.add(x, x))",
                                "  return out"))
                .write(dir.resolve("plain.pt"));

        try (Model model = loadTrainable("plain")) {
            PtSymbolBlock block = (PtSymbolBlock) model.getBlock();
            NDManager nd = model.getNDManager();
            assertThat(block.getParameters().isEmpty()).isTrue();
            ParameterStore ps = new ParameterStore(nd, false);

            NDArray x = nd.create(new float[] {1, -2});
            assertThat(block.forward(ps, new NDList(x), false).get(0).toFloatArray())
                    .containsExactly(-1, 2);

            NDArray a = nd.create(new float[] {1, 2});
            NDArray b = nd.create(new float[] {3});
            a.setName("xs[]");
            b.setName("xs[]");
            NDArray method = nd.create(0f);
            method.setName("module_method:twice");
            NDList out = block.forward(ps, new NDList(a, b, method), false);
            assertThat(out).hasSize(2);
            assertThat(out.get(0).toFloatArray()).containsExactly(2, 4);
            assertThat(out.get(1).toFloatArray()).containsExactly(6);
        }
    }

    @Test
    void tensorsOfAnyRankAndDtypeRoundTrip() throws Exception {
        double[] cube = new double[24];
        for (int i = 0; i < cube.length; i++) {
            cube[i] = i * 0.5 - 3;
        }
        TorchScriptArchive.module("Shapes")
                .parameter("scalar", ScriptTensor.ofFloats(new float[] {2.5f}))
                .parameter("cube", ScriptTensor.ofDoubles(cube, 2, 3, 4))
                .parameter("empty", ScriptTensor.ofFloats(new float[0], 0, 3))
                .buffer("counts", ScriptTensor.ofLongs(new long[] {1, 1L << 40, -7}, 3))
                .methods(
                        String.join(
                                "\n",
                                "def forward(self, x: Tensor) -> List[Tensor]:",
                                "  return [self.scalar, self.cube, self.empty, self.counts]"))
                .write(dir.resolve("shapes.pt"));

        try (Model model = loadTrainable("shapes")) {
            PtSymbolBlock block = (PtSymbolBlock) model.getBlock();
            NDManager nd = model.getNDManager();
            assertThat(block.getParameters().keys()).containsExactly("scalar", "cube", "empty");

            NDList out =
                    block.forward(
                            new ParameterStore(nd, false), new NDList(nd.create(0f)), false);
            assertThat(out.get(0).getShape()).isEqualTo(new Shape());
            assertThat(out.get(0).getFloat()).isEqualTo(2.5f);
            assertThat(out.get(1).getShape()).isEqualTo(new Shape(2, 3, 4));
            assertThat(out.get(1).toDoubleArray()).containsExactly(cube);
            assertThat(out.get(2).getShape()).isEqualTo(new Shape(0, 3));
            assertThat(out.get(3).getDataType()).isEqualTo(DataType.INT64);
            assertThat(out.get(3).toLongArray()).containsExactly(1, 1L << 40, -7);
        }
    }

    /** PyTorch's layout: one top-level folder, every record uncompressed with its data on a 64-byte boundary. */
    @Test
    void recordsAreStoredUnderOneFolderWithTheirDataAlignedTo64Bytes() throws Exception {
        Path file = dir.resolve("aligned.pt");
        MlpClassifierArchive.write(file, 5, 8, 3, 7L);
        MlpClassifierArchive.write(dir.resolve("again.pt"), 5, 8, 3, 7L);
        assertThat(java.nio.file.Files.readAllBytes(dir.resolve("again.pt"))).as("same module, same bytes")
                .isEqualTo(java.nio.file.Files.readAllBytes(file));
        List<String> names = new ArrayList<>();
        try (org.apache.commons.compress.archivers.zip.ZipFile zip =
                org.apache.commons.compress.archivers.zip.ZipFile.builder().setPath(file).get()) {
            for (org.apache.commons.compress.archivers.zip.ZipArchiveEntry entry : java.util.Collections.list(zip.getEntries())) {
                names.add(entry.getName());
                assertThat(entry.getMethod()).as(entry.getName()).isEqualTo(java.util.zip.ZipEntry.STORED);
                assertThat(entry.getDataOffset() % 64).as(entry.getName()).isZero();
            }
        }
        assertThat(names).allSatisfy(name -> assertThat(name).startsWith("archive/"))
                .contains("archive/data.pkl", "archive/code/__torch__.py", "archive/constants.pkl", "archive/data/0",
                        "archive/version", "archive/byteorder");
    }

    @Test
    void mlpClassifierFactoryIsDeterministicAndLoadable() throws Exception {
        MlpClassifierArchive.Weights w =
                MlpClassifierArchive.write(dir.resolve("clf.pt"), 5, 8, 3, 42L);
        MlpClassifierArchive.Weights again =
                MlpClassifierArchive.write(dir.resolve("clf2.pt"), 5, 8, 3, 42L);
        assertThat(again.fc1Weight()).containsExactly(w.fc1Weight());
        assertThat(again.fc2Bias()).containsExactly(w.fc2Bias());

        try (Model model = loadTrainable("clf")) {
            PtSymbolBlock block = (PtSymbolBlock) model.getBlock();
            NDManager nd = model.getNDManager();
            List<String> names = new ArrayList<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                names.add(p.getKey());
                assertThat(p.getValue().getArray().getDataType()).isEqualTo(DataType.FLOAT32);
            }
            assertThat(names).containsExactly("fc1_weight", "fc1_bias", "fc2_weight", "fc2_bias");

            float[] xs = new float[4 * 5];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = (float) Math.sin(i);
            }
            NDArray x = nd.create(xs, new Shape(4, 5));
            NDArray expected =
                    x.matMul(nd.create(w.fc1Weight(), new Shape(8, 5)).transpose())
                            .add(nd.create(w.fc1Bias()))
                            .maximum(0)
                            .matMul(nd.create(w.fc2Weight(), new Shape(3, 8)).transpose())
                            .add(nd.create(w.fc2Bias()));
            NDArray logits =
                    block.forward(new ParameterStore(nd, false), new NDList(x), false).get(0);
            assertThat(logits.getShape()).isEqualTo(new Shape(4, 3));
            float[] actual = logits.toFloatArray();
            float[] want = expected.toFloatArray();
            for (int i = 0; i < want.length; i++) {
                assertThat(actual[i]).isCloseTo(want[i], within(1e-5f));
            }
        }
    }

    @Test
    void generatedSourceDeclaresAttributes() {
        String source =
                TorchScriptArchive.module("M")
                        .parameter("weight", ScriptTensor.ofFloats(new float[] {1, 2}, 2))
                        .buffer("mask", ScriptTensor.ofLongs(new long[] {1}, 1))
                        .methods("def forward(self, x: Tensor) -> Tensor:\n  return x\n")
                        .source();
        assertThat(source)
                .isEqualTo(
                        "class M(Module):\n"
                                + "  __parameters__ = [\"weight\", ]\n"
                                + "  __buffers__ = [\"mask\", ]\n"
                                + "  weight : Tensor\n"
                                + "  mask : Tensor\n"
                                + "  training : bool\n"
                                + "  def forward(self, x: Tensor) -> Tensor:\n"
                                + "    return x\n"
                                + "\n");
    }

    @Test
    void rejectsBadNamesAndShapes() {
        assertThatThrownBy(() -> TorchScriptArchive.module("not valid"))
                .isInstanceOf(IllegalArgumentException.class);
        TorchScriptArchive archive = TorchScriptArchive.module("M");
        ScriptTensor empty = ScriptTensor.ofFloats(new float[0], 0);
        assertThatThrownBy(() -> archive.parameter("training", empty))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScriptTensor.ofFloats(new float[] {1, 2, 3}, 2, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
