package io.winnow.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * No package cycles anywhere in Winnow. This module sits at the top of the module graph, so every
 * module's classes are on its classpath and one rule sees them all.
 */
@AnalyzeClasses(packages = "io.winnow", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCycleTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.winnow.(**)")
            .should().beFreeOfCycles()
            .because("a cycle between packages is a cycle between roles: neither can change alone");
}
