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
 * The job's wiring does no tensor math: the engine does, behind the operator; and every public class
 * says, as Flink's own do, whether it is API ({@code @PublicEvolving}) or an implementation detail
 * ({@code @Internal}). (That the job needs no
 * benchmark, demo or embedded broker is the module graph's job: those live in modules that depend on
 * this one, and the embedded broker is on this module's test classpath only.)
 */
@AnalyzeClasses(packages = "io.winnow.jobs", importOptions = ImportOption.DoNotIncludeTests.class)
class JobArchitectureTest {

    @ArchTest
    static final ArchRule wiringDoesNoTensorMath = noClasses().that().resideInAPackage("io.winnow.jobs..")
            .should().dependOnClassesThat().resideInAPackage("ai.djl..")
            .because("tensor math lives in the engine (io.winnow.sama), reached through the operator");

    @ArchTest
    static final ArchRule publicClassesSayWhetherTheyAreApi = classes()
            .that().resideInAPackage("io.winnow.jobs..").and().arePublic().and().areTopLevelClasses()
            .should().beAnnotatedWith(PublicEvolving.class).orShould().beAnnotatedWith(Internal.class)
            .orShould().beAnnotatedWith(Public.class)
            .because("a user of the job jar must see what may change under them");
}
