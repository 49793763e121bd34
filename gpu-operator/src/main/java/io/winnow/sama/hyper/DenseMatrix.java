package io.winnow.sama.hyper;

import java.util.Random;

/**
 * Small dense double-precision linear algebra on plain Java arrays, for closed-form references
 * (Appendix E's biased regression) and the tests that check the engine against them. Results are
 * new arrays; inputs are never modified.
 */
public final class DenseMatrix {

    private DenseMatrix() {}

    public static double[][] gaussian(Random random, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return m;
    }

    public static double[] gaussian(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    public static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    public static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                double aik = a[i][k];
                for (int j = 0; j < b[0].length; j++) {
                    c[i][j] += aik * b[k][j];
                }
            }
        }
        return c;
    }

    public static double[] multiply(double[][] a, double[] x) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < x.length; j++) {
                y[i] += a[i][j] * x[j];
            }
        }
        return y;
    }

    public static double[] add(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i] + b[i];
        }
        return c;
    }

    public static double[] sub(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i] - b[i];
        }
        return c;
    }

    public static double[] scale(double[] a, double s) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i] * s;
        }
        return c;
    }

    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    public static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    public static double cosine(double[] a, double[] b) {
        return dot(a, b) / (norm(a) * norm(b));
    }

    /** Solves A·X = B by Gaussian elimination with partial pivoting. */
    public static double[][] solve(double[][] a, double[][] b) {
        int n = a.length;
        int m = b[0].length;
        double[][] lu = new double[n][];
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            lu[i] = a[i].clone();
            x[i] = b[i].clone();
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(lu[r][col]) > Math.abs(lu[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = lu[col];
            lu[col] = lu[pivot];
            lu[pivot] = tmp;
            tmp = x[col];
            x[col] = x[pivot];
            x[pivot] = tmp;
            for (int r = col + 1; r < n; r++) {
                double f = lu[r][col] / lu[col][col];
                for (int c = col; c < n; c++) {
                    lu[r][c] -= f * lu[col][c];
                }
                for (int c = 0; c < m; c++) {
                    x[r][c] -= f * x[col][c];
                }
            }
        }
        for (int row = n - 1; row >= 0; row--) {
            for (int c = 0; c < m; c++) {
                double s = x[row][c];
                for (int k = row + 1; k < n; k++) {
                    s -= lu[row][k] * x[k][c];
                }
                x[row][c] = s / lu[row][row];
            }
        }
        return x;
    }

    public static double[] solve(double[][] a, double[] b) {
        double[][] column = new double[b.length][1];
        for (int i = 0; i < b.length; i++) {
            column[i][0] = b[i];
        }
        double[][] x = solve(a, column);
        double[] out = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = x[i][0];
        }
        return out;
    }

    public static double[][] identity(int n, double diagonal) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = diagonal;
        }
        return m;
    }

    public static double[][] add(double[][] a, double[][] b) {
        double[][] c = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                c[i][j] = a[i][j] + b[i][j];
            }
        }
        return c;
    }

    public static double[][] scale(double[][] a, double s) {
        double[][] c = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                c[i][j] = a[i][j] * s;
            }
        }
        return c;
    }
}
