package io.winnow.sama.optim;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.winnow.sama.EngineTestSupport;
import io.winnow.sama.autograd.ParameterSet;
import io.winnow.sama.autograd.Tensors;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Float64 finite-difference checks of every optimizer's update-Jacobian diagonal: after a few
 * warm-up steps, the last update u(g) = θ_before − θ_after is recomputed from the same state with g
 * moved by ±h, and (u(g+h) − u(g−h))/2h must equal D. The update is element-wise, so one shift of
 * all coordinates at once checks the whole diagonal.
 */
class OptimizerJacobianTest {

    private static final Shape SHAPE = new Shape(4, 5);
    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = EngineTestSupport.manager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    static Stream<Arguments> optimizers() {
        LearningRateSchedule constant = LearningRateSchedule.constant(0.05);
        LearningRateSchedule cosine = LearningRateSchedule.cosine(0.05, 2, 20, 0.001);
        return Stream.of(
                Arguments.of("sgd", (Function<NDManager, Optimizer>) m -> Sgd.plain(m, constant)),
                Arguments.of("sgd momentum", (Function<NDManager, Optimizer>) m -> new Sgd(m, constant, 0.9, 0.1, false, 0.01)),
                Arguments.of("sgd nesterov", (Function<NDManager, Optimizer>) m -> new Sgd(m, cosine, 0.9, 0, true, 0)),
                Arguments.of("adam", (Function<NDManager, Optimizer>) m -> Adam.adam(m, constant, 0.9, 0.999, 1e-8, 0)),
                Arguments.of("adam l2", (Function<NDManager, Optimizer>) m -> Adam.adam(m, cosine, 0.8, 0.99, 1e-6, 0.1)),
                Arguments.of("adamw", (Function<NDManager, Optimizer>) m -> Adam.adamW(m, cosine, 0.9, 0.98, 1e-6, 0.01)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void updateJacobianDiagonalMatchesFiniteDifferences(String name, Function<NDManager, Optimizer> factory)
            throws Exception {
        Random random = new Random(7);
        for (int warmup : new int[] {0, 1, 4}) {
            NDArray theta = EngineTestSupport.randomArray(manager, random, SHAPE, DataType.FLOAT64);
            ParameterSet params = ParameterSet.builder().add("theta", theta).build();
            Optimizer optimizer = factory.apply(manager);
            for (int i = 0; i < warmup; i++) {
                optimizer.step(params, List.of(EngineTestSupport.randomArray(manager, random, SHAPE, DataType.FLOAT64)));
            }
            byte[] state = save(optimizer);
            NDArray before = theta.duplicate();
            NDArray gradient = EngineTestSupport.randomArray(manager, random, SHAPE, DataType.FLOAT64);

            optimizer.step(params, List.of(gradient));
            double[] diagonal = EngineTestSupport.doubles(optimizer.updateJacobianDiagonal(manager).get(0));

            double[] finiteDifference = finiteDifference(factory, state, before, gradient);
            // Floor at 1e-3 (the order of lr): Adam's first-step D is lr·eps/(|g|+eps)², far below FD resolution.
            assertThat(EngineTestSupport.relativeError(diagonal, finiteDifference, 1e-3))
                    .as("%s after %d warm-up steps", name, warmup)
                    .isLessThan(1e-6);
        }
    }

    /**
     * At t = 1 Adam's update is lr·g/(|g| + eps), so D = lr·eps/(|g| + eps)²: far below the floor of
     * the check above with eps = 1e-8. Checked here with no floor, against finite differences with an
     * eps large enough to resolve, and against the closed form with the usual eps.
     */
    @Test
    void adamsFirstStepJacobianIsCheckedWithoutAFloor() throws Exception {
        Random random = new Random(9);
        for (double eps : new double[] {0.5, 1e-8}) {
            Function<NDManager, Optimizer> factory = m -> Adam.adam(m, LearningRateSchedule.constant(0.05), 0.9, 0.999, eps, 0);
            NDArray theta = EngineTestSupport.randomArray(manager, random, SHAPE, DataType.FLOAT64);
            ParameterSet params = ParameterSet.builder().add("theta", theta).build();
            Optimizer optimizer = factory.apply(manager);
            byte[] state = save(optimizer);
            NDArray before = theta.duplicate();
            NDArray gradient = EngineTestSupport.randomArray(manager, random, SHAPE, DataType.FLOAT64);
            optimizer.step(params, List.of(gradient));
            double[] diagonal = EngineTestSupport.doubles(optimizer.updateJacobianDiagonal(manager).get(0));
            double[] g = EngineTestSupport.doubles(gradient);
            double[] closedForm = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                closedForm[i] = 0.05 * eps / Math.pow(Math.abs(g[i]) + eps, 2);
            }
            assertThat(EngineTestSupport.relativeError(diagonal, closedForm, 0)).as("eps %s", eps).isLessThan(1e-6);
            if (eps == 0.5) {
                assertThat(EngineTestSupport.relativeError(diagonal, finiteDifference(factory, state, before, gradient), 0))
                        .isLessThan(1e-6);
            }
        }
    }

    @Test
    void adamMatchesPyTorchsUpdateRule() {
        double lr = 0.01;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double[] gradients = {0.5, -1.0, 2.0};
        NDArray theta = manager.create(new double[] {1.0});
        ParameterSet params = ParameterSet.builder().add("theta", theta).build();
        Optimizer adam = Adam.adam(manager, LearningRateSchedule.constant(lr), b1, b2, eps, 0);
        double expected = 1.0;
        double m = 0;
        double s = 0;
        for (int t = 1; t <= gradients.length; t++) {
            double g = gradients[t - 1];
            adam.step(params, List.of(manager.create(new double[] {g})));
            m = b1 * m + (1 - b1) * g;
            s = b2 * s + (1 - b2) * g * g;
            double mHat = m / (1 - Math.pow(b1, t));
            double sHat = s / (1 - Math.pow(b2, t));
            expected -= lr * mHat / (Math.sqrt(sHat) + eps);
            assertThat(theta.getDouble(0)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void adamWDecaysWeightsWithoutTouchingTheMoments() {
        NDArray theta = manager.create(new double[] {2.0});
        ParameterSet params = ParameterSet.builder().add("theta", theta).build();
        Optimizer adamW = Adam.adamW(manager, LearningRateSchedule.constant(0.1), 0.9, 0.999, 1e-8, 0.5);
        adamW.step(params, List.of(manager.create(new double[] {0.0})));
        // Zero gradient: the Adam part is zero, only θ·(1 − lr·wd) remains.
        assertThat(theta.getDouble(0)).isCloseTo(2.0 * (1 - 0.05), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void stateRoundTripContinuesIdentically() throws Exception {
        Random random = new Random(3);
        NDArray a = EngineTestSupport.randomArray(manager, random, SHAPE, DataType.FLOAT32);
        NDArray b = a.duplicate();
        Optimizer first = Adam.adamW(manager, LearningRateSchedule.constant(0.01), 0.9, 0.999, 1e-8, 0.01);
        ParameterSet pa = ParameterSet.builder().add("p", a).build();
        ParameterSet pb = ParameterSet.builder().add("p", b).build();
        List<NDArray> g1 = List.of(EngineTestSupport.randomArray(manager, random, SHAPE, DataType.FLOAT32));
        List<NDArray> g2 = List.of(EngineTestSupport.randomArray(manager, random, SHAPE, DataType.FLOAT32));
        first.step(pa, g1);
        Optimizer second = Adam.adamW(manager, LearningRateSchedule.constant(0.01), 0.9, 0.999, 1e-8, 0.01);
        second.readState(new DataInputStream(new ByteArrayInputStream(save(first))), manager.getDevice());
        Tensors.copyInto(a, b);
        first.step(pa, g2);
        second.step(pb, g2);
        assertThat(a.contentEquals(b)).isTrue();
        assertThat(second.stepCount()).isEqualTo(2);
    }

    /** (u(g + h) − u(g − h)) / 2h, element-wise, from the optimizer state saved before the step. */
    private double[] finiteDifference(Function<NDManager, Optimizer> factory, byte[] state, NDArray before,
            NDArray gradient) throws Exception {
        double h = 1e-6;
        double[] plus = update(factory, state, before, gradient.add(h));
        double[] minus = update(factory, state, before, gradient.sub(h));
        double[] out = new double[plus.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (plus[i] - minus[i]) / (2 * h);
        }
        return out;
    }

    private double[] update(Function<NDManager, Optimizer> factory, byte[] state, NDArray before, NDArray gradient)
            throws Exception {
        Optimizer optimizer = factory.apply(manager);
        optimizer.readState(new DataInputStream(new ByteArrayInputStream(state)), manager.getDevice());
        NDArray theta = before.duplicate();
        optimizer.step(ParameterSet.builder().add("theta", theta).build(), List.of(gradient));
        return EngineTestSupport.doubles(before.sub(theta));
    }

    private static byte[] save(Optimizer optimizer) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            optimizer.writeState(out);
        }
        return bytes.toByteArray();
    }
}
