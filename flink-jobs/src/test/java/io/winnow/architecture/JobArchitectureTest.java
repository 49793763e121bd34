package io.winnow.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The job's production code (its graph in {@code io.winnow.jobs}, configuration, ingest, output)
 * stands apart from the lab code beside it (benchmarks, the embedded runtime and demo, tools,
 * datasets), which may use it but not the other way round; and the wiring does no tensor math: the
 * engine does, behind the operator.
 */
@AnalyzeClasses(packages = "io.winnow.jobs", importOptions = ImportOption.DoNotIncludeTests.class)
class JobArchitectureTest {

    private static final String[] LAB = {
        "io.winnow.jobs.benchmark..", "io.winnow.jobs.bench..", "io.winnow.jobs.embedded..",
        "io.winnow.jobs.tools..", "io.winnow.jobs.spam..", "io.winnow.jobs.topics.."};

    @ArchTest
    static final ArchRule productionCodeDoesNotUseLabCode = noClasses()
            .that().resideInAnyPackage("io.winnow.jobs", "io.winnow.jobs.config..", "io.winnow.jobs.ingest..",
                    "io.winnow.jobs.output..")
            .should().dependOnClassesThat().resideInAnyPackage(LAB)
            .because("the job jar must not need benchmarks, demos or an embedded broker");

    @ArchTest
    static final ArchRule wiringDoesNoTensorMath = noClasses().that().resideInAPackage("io.winnow.jobs..")
            .should().dependOnClassesThat().resideInAPackage("ai.djl..")
            .because("tensor math lives in the engine (io.winnow.sama), reached through the operator");
}
