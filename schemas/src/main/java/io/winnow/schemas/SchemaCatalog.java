package io.winnow.schemas;

import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.DeadLetter;
import io.winnow.schemas.avro.Prediction;
import io.winnow.schemas.avro.PretrainingWeight;
import io.winnow.schemas.avro.Sample;
import io.winnow.schemas.avro.TaskMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every record Winnow writes to Kafka, with its current schema (the generated class) and its earlier
 * versions (frozen {@code .avsc} files under {@code avro/history/} in this jar), each with its fingerprint.
 * Decoders accept every version listed here and resolve it to the current class, filling fields added since
 * with their defaults.
 *
 * <p><b>Evolution rule</b> (backward compatible: a reader of the current version reads every older one): a new
 * version may only add fields that have a default, or remove fields; never rename or retype a field. To release
 * a new version of a record: copy its current {@code .avsc} to {@code src/main/avro/history/<Name>.v<N>.avsc}
 * (N = its current version), add that file name to the record's line in {@link #HISTORY}, then edit the
 * current {@code .avsc}. The catalog refuses to load a history that the current schema cannot read.
 */
public final class SchemaCatalog {

    /** Classpath folder of the {@code .avsc} files: {@code avro/<Name>.avsc} and {@code avro/history/}. */
    public static final String RESOURCE_DIR = "avro/";

    /** Records written to Winnow's topics, in the order of {@link Topics}. */
    private static final List<Class<? extends SpecificRecord>> RECORDS =
            List.of(Sample.class, CuratedSample.class, TaskMetrics.class, DeadLetter.class, Prediction.class,
                    PretrainingWeight.class);

    /** Earlier versions of each record, oldest first: files under {@code avro/history/}. One line per record. */
    private static final Map<Class<? extends SpecificRecord>, List<String>> HISTORY = Map.of(
            Sample.class, List.of("Sample.v1.avsc"));

    /** One version of a record's schema. */
    public record SchemaVersion(Class<? extends SpecificRecord> recordClass, int version, boolean current,
            Schema schema, long fingerprint, String resource) {

        /** For messages: "io.winnow.schemas.avro.Sample v1 (fingerprint 0123456789abcdef)". */
        public String describe() {
            return schema.getFullName() + " v" + version + (current ? " (current)" : "") + " (fingerprint "
                    + SingleObjectFormat.hex(fingerprint) + ")";
        }
    }

    private static final Object LOCK = new Object();
    private static volatile Index index;

    private SchemaCatalog() {
    }

    /** The records written to Winnow's topics. */
    public static List<Class<? extends SpecificRecord>> records() {
        return RECORDS;
    }

    /** The current schema of a generated record class. */
    public static Schema current(Class<? extends SpecificRecord> type) {
        return SpecificData.getForClass(type).getSchema(type);
    }

    /** Every version of a record, oldest first, the current one last. Unlisted classes have only their current version. */
    public static List<SchemaVersion> versions(Class<? extends SpecificRecord> type) {
        List<SchemaVersion> versions = index().byClass.get(type);
        return versions != null ? versions : List.of(load(type));
    }

    /** The version of any catalog record with this fingerprint, if there is one. */
    public static Optional<SchemaVersion> byFingerprint(long fingerprint) {
        return Optional.ofNullable(index().byFingerprint.get(fingerprint));
    }

    /** Parses a classpath resource under {@link #RESOURCE_DIR}, for example {@code "history/Sample.v1.avsc"}. */
    public static Schema parseResource(String relativePath) {
        String path = RESOURCE_DIR + relativePath;
        try (InputStream in = SchemaCatalog.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + path + " is not on the classpath");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema resource " + path + ": " + e.getMessage(), e);
        }
    }

    private static Index index() {
        Index i = index;
        if (i == null) {
            synchronized (LOCK) {
                i = index;
                if (i == null) {
                    i = new Index();
                    index = i;
                }
            }
        }
        return i;
    }

    private static SchemaVersion load(Class<? extends SpecificRecord> type) {
        Schema current = current(type);
        return new SchemaVersion(type, 1, true, current, SingleObjectFormat.fingerprint(current),
                current.getName() + ".avsc");
    }

    private static List<SchemaVersion> loadWithHistory(Class<? extends SpecificRecord> type) {
        Schema current = current(type);
        List<String> files = HISTORY.getOrDefault(type, List.of());
        List<SchemaVersion> versions = new ArrayList<>();
        Map<Long, String> seen = new HashMap<>();
        for (int i = 0; i <= files.size(); i++) {
            boolean isCurrent = i == files.size();
            String resource = isCurrent ? current.getName() + ".avsc" : "history/" + files.get(i);
            Schema schema = isCurrent ? current : parseResource(resource);
            if (!schema.getFullName().equals(current.getFullName())) {
                throw new IllegalStateException(resource + " defines " + schema.getFullName() + ", not "
                        + current.getFullName());
            }
            if (!isCurrent) {
                SchemaCompatibility.SchemaPairCompatibility compatibility =
                        SchemaCompatibility.checkReaderWriterCompatibility(current, schema);
                if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                    throw new IllegalStateException("the current " + current.getFullName() + " cannot read "
                            + resource + ": " + compatibility.getDescription());
                }
            }
            long fingerprint = SingleObjectFormat.fingerprint(schema);
            String previous = seen.put(fingerprint, resource);
            if (previous != null) {
                throw new IllegalStateException(resource + " and " + previous
                        + " have the same parsing canonical form (and fingerprint): only docs, defaults or"
                        + " logical types differ, which is not a new wire version");
            }
            versions.add(new SchemaVersion(type, i + 1, isCurrent, schema, fingerprint, resource));
        }
        return List.copyOf(versions);
    }

    private static final class Index {
        final Map<Class<? extends SpecificRecord>, List<SchemaVersion>> byClass = new LinkedHashMap<>();
        final Map<Long, SchemaVersion> byFingerprint = new HashMap<>();

        Index() {
            for (Class<? extends SpecificRecord> type : RECORDS) {
                List<SchemaVersion> versions = loadWithHistory(type);
                byClass.put(type, versions);
                for (SchemaVersion version : versions) {
                    SchemaVersion clash = byFingerprint.put(version.fingerprint(), version);
                    if (clash != null) {
                        throw new IllegalStateException(version.describe() + " and " + clash.describe()
                                + " share a fingerprint");
                    }
                }
            }
            for (Class<? extends SpecificRecord> type : HISTORY.keySet()) {
                if (!RECORDS.contains(type)) {
                    throw new IllegalStateException("HISTORY lists " + type.getName() + ", which is not in RECORDS");
                }
            }
        }
    }
}
