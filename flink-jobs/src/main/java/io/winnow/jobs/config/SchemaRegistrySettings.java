package io.winnow.jobs.config;

import io.winnow.schemas.RegistryEndpoint;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * The job's schema registry, if any, and how it frames its outputs. Without a registry the job reads and
 * writes Avro single-object values only (and JSON samples); with one, its sources also read
 * registry-framed samples, and {@link OutputFraming#REGISTRY} makes it write that framing too.
 *
 * @param endpoint the registry's Confluent-compatible API, or null for none
 */
@PublicEvolving
public record SchemaRegistrySettings(RegistryEndpoint endpoint, OutputFraming outputFraming) implements Serializable {

    /** How the job's output values are framed. */
    public enum OutputFraming { SINGLE_OBJECT, REGISTRY }

    public SchemaRegistrySettings {
        if (outputFraming == OutputFraming.REGISTRY && endpoint == null) {
            throw new IllegalArgumentException("registry framing needs a registry");
        }
    }

    public static SchemaRegistrySettings none() {
        return new SchemaRegistrySettings(null, OutputFraming.SINGLE_OBJECT);
    }

    public boolean writesRegistryFraming() {
        return outputFraming == OutputFraming.REGISTRY;
    }
}
