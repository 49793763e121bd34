package io.winnow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free ports for the broker's listeners and telling a lost race for a port from other start-up
 * failures: a port found free can be taken by another process before the broker binds it, and
 * then the broker retries on new ports instead of failing.
 */
final class LoopbackPorts {

    private LoopbackPorts() {}

    /** Returns {brokerPort, controllerPort}; a 0 is replaced by a port free on {@code host} right now. */
    static int[] choose(String host, int... wanted) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = wanted.clone();
            for (int i = 0; i < ports.length; i++) {
                if (ports[i] == 0) {
                    ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host));
                    held.add(s);
                    ports[i] = s.getLocalPort();
                }
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free port on " + host, e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    static boolean isBindFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BindException) {
                return true;
            }
            String m = c.getMessage();
            if (m != null && (m.contains("failed to bind") || m.contains("Address already in use"))) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    static String describeBindFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains("failed to bind")) {
                return c.getMessage();
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return String.valueOf(t);
    }

    /** A listener could not bind its port. */
    static final class BindFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BindFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
