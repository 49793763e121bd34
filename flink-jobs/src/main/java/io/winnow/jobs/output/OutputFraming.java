package io.winnow.jobs.output;

import io.winnow.schemas.AvroCodec;
import io.winnow.schemas.RegistryCodec;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the job frames the Avro values it writes: single-object encoding (the default, no registry), or the
 * schema-registry wire format with the ids that {@link OutputSchemas} registered before the job started.
 */
@Internal
public final class OutputFraming implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final OutputFraming SINGLE_OBJECT = new OutputFraming(null);

    /** Registry id of each record class's current schema, by class name; null for single-object encoding. */
    private final Map<String, Integer> schemaIds;
    private transient Map<Class<?>, RegistryCodec<?>> codecs;

    private OutputFraming(Map<String, Integer> schemaIds) {
        this.schemaIds = schemaIds == null ? null : Map.copyOf(schemaIds);
    }

    public static OutputFraming singleObject() {
        return SINGLE_OBJECT;
    }

    /** @param schemaIds the registry id of each record class's current schema, by class name */
    public static OutputFraming registry(Map<String, Integer> schemaIds) {
        return new OutputFraming(schemaIds);
    }

    public boolean usesRegistry() {
        return schemaIds != null;
    }

    /** The value to write: {@code record} in this framing. */
    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> byte[] encode(T record) {
        Class<T> type = (Class<T>) record.getClass();
        if (schemaIds == null) {
            return AvroCodec.of(type).encode(record);
        }
        Integer id = schemaIds.get(type.getName());
        if (id == null) {
            throw new IllegalStateException("no registry id for " + type.getName() + ": registered were " + schemaIds.keySet());
        }
        if (codecs == null) {
            codecs = new ConcurrentHashMap<>();
        }
        RegistryCodec<T> codec = (RegistryCodec<T>) codecs.computeIfAbsent(type, t -> new RegistryCodec<>(type));
        return codec.encode(record, id);
    }
}
