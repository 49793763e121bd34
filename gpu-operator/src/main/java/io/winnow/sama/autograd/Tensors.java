package io.winnow.sama.autograd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * Vector algebra over lists of arrays, i.e. over a whole parameter space at once (θ and v in the
 * SAMA update are such lists). Results are new arrays unless the name ends in "Into".
 */
public final class Tensors {

    private static final NDIndex ALL = new NDIndex("...");

    private Tensors() {}

    /** Copies {@code source} into {@code target}'s storage bit for bit (no arithmetic involved). */
    public static void copyInto(NDArray source, NDArray target) {
        if (!source.getShape().equals(target.getShape())) {
            throw new IllegalArgumentException(
                    "shape mismatch: " + source.getShape() + " into " + target.getShape());
        }
        target.set(ALL, source);
    }

    public static double scalar(NDArray array) {
        return array.toType(DataType.FLOAT64, false).getDouble();
    }

    /**
     * The elements of all arrays, in order, as one float64 vector (for closed-form references and
     * reports). Arrays that are not float64 are widened through a temporary that is closed here.
     */
    public static double[] flatten(List<NDArray> arrays) {
        long size = 0;
        for (NDArray array : arrays) {
            size += array.size();
        }
        double[] out = new double[Math.toIntExact(size)];
        int offset = 0;
        for (NDArray array : arrays) {
            double[] values;
            if (array.getDataType() == DataType.FLOAT64) {
                values = array.toDoubleArray();
            } else {
                try (NDArray wide = array.toType(DataType.FLOAT64, true)) {
                    values = wide.toDoubleArray();
                }
            }
            System.arraycopy(values, 0, out, offset, values.length);
            offset += values.length;
        }
        return out;
    }

    public static double dot(List<NDArray> a, List<NDArray> b) {
        checkSameSize(a, b);
        double sum = 0;
        for (int i = 0; i < a.size(); i++) {
            try (NDArray product = a.get(i).mul(b.get(i)); NDArray s = product.sum()) {
                sum += scalar(s);
            }
        }
        return sum;
    }

    /** The Euclidean norm of the whole list, by per-array norm reductions (no temporary arrays). */
    public static double norm(List<NDArray> a) {
        double squares = 0;
        for (NDArray array : a) {
            try (NDArray norm = array.norm()) {
                double value = scalar(norm);
                squares += value * value;
            }
        }
        return Math.sqrt(squares);
    }

    /**
     * Whether no element is NaN or infinite, with one synchronisation for the whole list: a NaN or an
     * infinity makes the total sum non-finite. (Finite values whose sum overflows also count as not
     * finite; gradients that large are broken anyway.)
     */
    public static boolean allFinite(List<NDArray> arrays) {
        NDArray total = null;
        try {
            for (NDArray array : arrays) {
                NDArray sum = array.sum();
                if (total == null) {
                    total = sum;
                } else {
                    total.addi(sum);
                    sum.close();
                }
            }
            return total == null || Double.isFinite(scalar(total));
        } finally {
            if (total != null) {
                total.close();
            }
        }
    }

    /** A copy with its own storage and no autograd history, owned by {@code manager}. */
    public static NDArray detachedCopy(NDArray array, NDManager manager) {
        try (NDArray detached = array.stopGradient()) {
            NDArray copy = detached.duplicate();
            copy.attach(manager);
            return copy;
        }
    }

    public static List<NDArray> duplicate(List<NDArray> arrays, NDManager manager) {
        List<NDArray> copies = new ArrayList<>(arrays.size());
        for (NDArray array : arrays) {
            copies.add(detachedCopy(array, manager));
        }
        return copies;
    }

    public static List<NDArray> scale(List<NDArray> a, double factor) {
        List<NDArray> out = new ArrayList<>(a.size());
        for (NDArray array : a) {
            out.add(array.mul(factor));
        }
        return out;
    }

    public static List<NDArray> add(List<NDArray> a, List<NDArray> b) {
        checkSameSize(a, b);
        List<NDArray> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(a.get(i).add(b.get(i)));
        }
        return out;
    }

    public static List<NDArray> sub(List<NDArray> a, List<NDArray> b) {
        checkSameSize(a, b);
        List<NDArray> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(a.get(i).sub(b.get(i)));
        }
        return out;
    }

    public static List<NDArray> mul(List<NDArray> a, List<NDArray> b) {
        checkSameSize(a, b);
        List<NDArray> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(a.get(i).mul(b.get(i)));
        }
        return out;
    }

    /** a + factor * b. */
    public static List<NDArray> addScaled(List<NDArray> a, double factor, List<NDArray> b) {
        checkSameSize(a, b);
        List<NDArray> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            try (NDArray scaled = b.get(i).mul(factor)) {
                out.add(a.get(i).add(scaled));
            }
        }
        return out;
    }

    /** a ⊙= b, in place. */
    public static void mulInto(List<NDArray> a, List<NDArray> b) {
        checkSameSize(a, b);
        for (int i = 0; i < a.size(); i++) {
            a.get(i).muli(b.get(i));
        }
    }

    /** a *= factor, in place. */
    public static void scaleInto(List<NDArray> a, double factor) {
        for (NDArray array : a) {
            array.muli(factor);
        }
    }

    /** target += factor * b, in place. */
    public static void addScaledInto(List<NDArray> target, double factor, List<NDArray> b) {
        checkSameSize(target, b);
        for (int i = 0; i < target.size(); i++) {
            try (NDArray scaled = b.get(i).mul(factor)) {
                target.get(i).addi(scaled);
            }
        }
    }

    public static List<NDArray> zerosLike(List<NDArray> arrays, NDManager manager) {
        List<NDArray> out = new ArrayList<>(arrays.size());
        for (NDArray array : arrays) {
            out.add(manager.zeros(array.getShape(), array.getDataType(), array.getDevice()));
        }
        return out;
    }

    public static void close(List<NDArray> arrays) {
        for (NDArray array : arrays) {
            array.close();
        }
    }

    private static void checkSameSize(List<NDArray> a, List<NDArray> b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("lists differ in length: " + a.size() + " vs " + b.size());
        }
    }
}
