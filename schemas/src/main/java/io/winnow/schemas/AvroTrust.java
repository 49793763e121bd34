package io.winnow.schemas;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12's class allow-list, as it concerns the generated classes in {@code io.winnow.schemas.avro}.
 *
 * <p>When Avro decodes into generated classes it loads them by name and refuses (with a
 * {@link SecurityException}) any class outside the packages named by the system property
 * {@code org.apache.avro.SERIALIZABLE_PACKAGES}, which it reads once, when its validator class loads. So a JVM
 * that decodes Winnow records either starts with {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.winnow.schemas}
 * (Winnow's test runs do) or calls {@link #trustGeneratedClasses()} once before it decodes.
 */
public final class AvroTrust {

    /** The system property Avro reads, and the value Winnow needs in it. */
    public static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";
    public static final String PACKAGE = "io.winnow.schemas";

    private AvroTrust() {
    }

    /** Whether Avro will instantiate every generated class of every {@linkplain SchemaCatalog#records() catalog record}. */
    public static boolean isTrusted() {
        return untrusted(allGeneratedClasses()).isEmpty();
    }

    /**
     * Adds exactly the generated classes of the catalog records (not whole packages) to Avro's global allow-list,
     * keeping everything it trusted before. Idempotent; an alternative to the system property for applications
     * that cannot set JVM flags.
     */
    public static synchronized void trustGeneratedClasses() {
        List<Class<?>> missing = untrusted(allGeneratedClasses());
        if (missing.isEmpty()) {
            return;
        }
        ClassSecurityValidator.Builder builder = ClassSecurityValidator.builder();
        missing.forEach(builder::add);
        ClassSecurityValidator.setGlobal(
                ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), builder.build()));
    }

    /** Throws {@link IllegalStateException} naming the fix when Avro would refuse a class that decoding {@code type} needs. */
    static void requireTrusted(Class<? extends SpecificRecord> type) {
        List<Class<?>> missing = untrusted(generatedClasses(type));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Avro refuses to instantiate " + missing.get(0).getName()
                    + " when decoding: the class is not in a trusted package. Start the JVM with -D" + PROPERTY
                    + "=" + PACKAGE + " (comma-separated with any other packages; setting it later has no effect)"
                    + " or call " + AvroTrust.class.getName() + ".trustGeneratedClasses() once before decoding.");
        }
    }

    private static List<Class<?>> untrusted(Set<Class<?>> classes) {
        ClassSecurityValidator.ClassSecurityPredicate predicate = ClassSecurityValidator.getGlobal();
        List<Class<?>> untrusted = new ArrayList<>();
        for (Class<?> c : classes) {
            if (!predicate.isTrusted(c)) {
                untrusted.add(c);
            }
        }
        return untrusted;
    }

    private static Set<Class<?>> allGeneratedClasses() {
        Set<Class<?>> classes = new LinkedHashSet<>();
        for (Class<? extends SpecificRecord> type : SchemaCatalog.records()) {
            classes.addAll(generatedClasses(type));
        }
        return classes;
    }

    /** The classes Avro loads by name to decode {@code type}: its record, enum and fixed types. */
    static Set<Class<?>> generatedClasses(Class<? extends SpecificRecord> type) {
        Set<Class<?>> classes = new LinkedHashSet<>();
        collect(SchemaCatalog.current(type), type.getClassLoader(), classes, new LinkedHashSet<>());
        return classes;
    }

    private static void collect(Schema schema, ClassLoader loader, Set<Class<?>> classes, Set<String> visited) {
        switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> {
                if (!visited.add(schema.getFullName())) {
                    return;
                }
                try {
                    classes.add(Class.forName(SpecificData.getClassName(schema), false, loader));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("no generated class for " + schema.getFullName(), e);
                }
                if (schema.getType() == Schema.Type.RECORD) {
                    schema.getFields().forEach(f -> collect(f.schema(), loader, classes, visited));
                }
            }
            case ARRAY -> collect(schema.getElementType(), loader, classes, visited);
            case MAP -> collect(schema.getValueType(), loader, classes, visited);
            case UNION -> schema.getTypes().forEach(t -> collect(t, loader, classes, visited));
            default -> {
            }
        }
    }
}
