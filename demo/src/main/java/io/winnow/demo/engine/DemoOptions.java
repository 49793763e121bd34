package io.winnow.demo.engine;

/** Command-line options of the engine demo. */
record DemoOptions(int samples, int epochs, double noise, long seed, boolean help) {

    static final String USAGE = String.join("\n",
            "usage: demo.sh [--samples N] [--epochs N] [--noise RATE] [--seed N]",
            "  --samples N    training samples in the generated stream (default 6000)",
            "  --epochs N     passes over the stream (default 4)",
            "  --noise RATE   share of flipped labels, 0 to 0.7 (default 0.4)",
            "  --seed N       seed of data, model and order (default 7)");

    DemoOptions {
        if (samples < 64 || epochs < 1 || noise < 0 || noise > 0.7) {
            throw new IllegalArgumentException("need --samples >= 64, --epochs >= 1 and --noise in [0, 0.7]");
        }
    }

    static DemoOptions parse(String[] args) {
        int samples = 6000;
        int epochs = 4;
        double noise = 0.4;
        long seed = 7;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                return new DemoOptions(samples, epochs, noise, seed, true);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + flag);
            }
            String value = args[++i];
            try {
                switch (flag) {
                    case "--samples" -> samples = Integer.parseInt(value);
                    case "--epochs" -> epochs = Integer.parseInt(value);
                    case "--noise" -> noise = Double.parseDouble(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number for " + flag + ": " + value);
            }
        }
        return new DemoOptions(samples, epochs, noise, seed, false);
    }
}
