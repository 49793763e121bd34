package io.winnow.jobs.config;

import org.apache.flink.annotation.PublicEvolving;

/** A configuration value is missing, malformed or out of range; the message names the key. */
@PublicEvolving
public class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
