package io.winnow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.winnow.schemas.SchemaCatalog.SchemaVersion;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The .avsc files ship under avro/ on the classpath (and in the jar), parse, and match the generated classes. */
class SchemaResourcesTest {

    private static final List<String> FILES = List.of("Sample.avsc", "CuratedSample.avsc", "TaskMetrics.avsc",
            "DeadLetter.avsc", "history/Sample.v1.avsc");

    @Test
    void everySchemaFileIsOnTheClasspathUnderAvroAndParses() throws Exception {
        for (String file : FILES) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("avro/" + file)) {
                assertThat(in).as("avro/" + file).isNotNull();
                Schema schema = new Schema.Parser().parse(in);
                assertThat(schema.getType()).isEqualTo(Schema.Type.RECORD);
                assertThat(schema.getNamespace()).isEqualTo("io.winnow.schemas.avro");
                assertThat(file.replaceFirst("^history/", "")).startsWith(schema.getName() + ".");
            }
        }
    }

    @Test
    void currentFilesAreTheGeneratedSchemas() {
        for (Class<? extends SpecificRecord> type : SchemaCatalog.records()) {
            Schema file = SchemaCatalog.parseResource(type.getSimpleName() + ".avsc");
            Schema generated = SchemaCatalog.current(type);
            assertThat(SingleObjectFormat.fingerprint(file)).as(type.getSimpleName())
                    .isEqualTo(SingleObjectFormat.fingerprint(generated));
            // the generated copy only adds the Java-only property avro.java.string (stringType String)
            assertThat(file.toString()).isEqualTo(generated.toString()
                    .replace("{\"type\":\"string\",\"avro.java.string\":\"String\"}", "\"string\"")
                    .replace(",\"avro.java.string\":\"String\"", ""));
        }
    }

    @Test
    void readmeListsEveryFingerprintWithItsWireBytes() throws Exception {
        Path readme = Path.of(System.getProperty("basedir", "."), "README.md");
        assumeTrue(Files.exists(readme), "README.md is not in the working directory");
        String text = Files.readString(readme);
        for (Class<? extends SpecificRecord> type : SchemaCatalog.records()) {
            for (SchemaVersion version : SchemaCatalog.versions(type)) {
                byte[] wire = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(version.fingerprint()).array();
                assertThat(text).as(version.describe())
                        .contains("`" + SingleObjectFormat.hex(version.fingerprint()) + "` | `"
                                + HexFormat.ofDelimiter(" ").formatHex(wire) + "`");
            }
        }
    }

    @Test
    void everyFieldOfEveryVersionIsDocumentedAndNoneIsNamedResult() {
        List<String> problems = new ArrayList<>();
        for (Class<? extends SpecificRecord> type : SchemaCatalog.records()) {
            for (SchemaVersion version : SchemaCatalog.versions(type)) {
                check(version.schema(), version.resource(), problems, new HashSet<>());
            }
        }
        assertThat(problems).isEmpty();
    }

    private static void check(Schema schema, String where, List<String> problems, Set<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                if (isBlank(schema.getDoc())) {
                    problems.add(where + ": record " + schema.getName() + " has no doc");
                }
                for (Schema.Field field : schema.getFields()) {
                    if (isBlank(field.doc())) {
                        problems.add(where + ": field " + schema.getName() + "." + field.name() + " has no doc");
                    }
                    // a field named "result" clashes with a local variable in the generated hashCode()
                    if (field.name().equals("result")) {
                        problems.add(where + ": field " + schema.getName() + ".result breaks the generated hashCode()");
                    }
                    check(field.schema(), where, problems, seen);
                }
            }
            case ENUM -> {
                if (seen.add(schema.getFullName()) && isBlank(schema.getDoc())) {
                    problems.add(where + ": enum " + schema.getName() + " has no doc");
                }
            }
            case ARRAY -> check(schema.getElementType(), where, problems, seen);
            case MAP -> check(schema.getValueType(), where, problems, seen);
            case UNION -> schema.getTypes().forEach(t -> check(t, where, problems, seen));
            default -> {
            }
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
