package io.winnow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winnow.schemas.avro.Sample;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The test JVM runs with -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.winnow.schemas (root pom); these tests swap
 * Avro's global allow-list to see what a JVM without it gets, and restore it afterwards.
 */
class AvroTrustTest {

    private final ClassSecurityValidator.ClassSecurityPredicate original = ClassSecurityValidator.getGlobal();

    @AfterEach
    void restore() {
        ClassSecurityValidator.setGlobal(original);
    }

    @Test
    void theTestJvmTrustsTheGeneratedClasses() {
        assertThat(AvroTrust.isTrusted()).isTrue();
        assertThat(AvroTrust.generatedClasses(Sample.class)).extracting(Class::getSimpleName)
                .containsExactlyInAnyOrder("Sample", "SampleKind", "DenseFeatures", "TokenIds", "RawText");
    }

    @Test
    void withoutTrustDecodersFailAtCreationNamingTheFix() {
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.DEFAULT_TRUSTED_CLASSES);

        assertThat(AvroTrust.isTrusted()).isFalse();
        assertThatThrownBy(SampleDecoder::new)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.winnow.schemas")
                .hasMessageContaining("AvroTrust.trustGeneratedClasses()");
        byte[] bytes = Codecs.encode(Fixtures.curated()); // encoding needs no trust
        assertThatThrownBy(() -> Codecs.curatedSample().decode(bytes)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void trustGeneratedClassesIsTheProgrammaticAlternative() {
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.DEFAULT_TRUSTED_CLASSES);

        AvroTrust.trustGeneratedClasses();
        AvroTrust.trustGeneratedClasses(); // idempotent

        assertThat(AvroTrust.isTrusted()).isTrue();
        assertThat(new SampleDecoder().decode(Codecs.encode(Fixtures.dense()))).isEqualTo(Fixtures.dense());
        // only the generated classes, not whole packages
        assertThat(ClassSecurityValidator.getGlobal().isTrusted(AvroTrust.class)).isFalse();
    }
}
