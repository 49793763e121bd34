package io.winnow.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.Public;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The module's two layers stay apart: the SAMA engine ({@code io.winnow.sama}) knows nothing of Flink,
 * Kafka or Avro, so that it can run, and be tested, on its own; the Flink operator
 * ({@code io.winnow.operator}) reaches the engine only through its API and does no tensor math.
 * Production classes only.
 */
@AnalyzeClasses(packages = "io.winnow", importOptions = ImportOption.DoNotIncludeTests.class)
class EngineArchitectureTest {

    @ArchTest
    static final ArchRule engineIsFreeOfStreamingTypes = noClasses().that().resideInAPackage("io.winnow.sama..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.apache.flink..", "org.apache.kafka..", "org.apache.avro..", "io.winnow.operator..",
                    "io.winnow.jobs..", "io.winnow.schemas..")
            .because("the engine must build and run without a stream processor");

    @ArchTest
    static final ArchRule operatorDoesNoTensorMath = noClasses().that().resideInAPackage("io.winnow.operator..")
            .should().dependOnClassesThat().resideInAPackage("ai.djl..")
            .because("the Flink wiring hands batches to SamaTrainer and keeps the math in the engine");

    @ArchTest
    static final ArchRule operatorClassesSayWhetherTheyAreApi = classes()
            .that().resideInAPackage("io.winnow.operator..").and().arePublic().and().areTopLevelClasses()
            .should().beAnnotatedWith(PublicEvolving.class).orShould().beAnnotatedWith(Internal.class)
            .orShould().beAnnotatedWith(Public.class)
            .because("a job built on the operator must see what may change under it");
}
