package io.descartes.hub.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.descartes.hub.app.HubConfiguration;
import io.descartes.hub.runner.RunnerApplication;
import org.apache.camel.CamelConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The capability lists are the wiring: the hub's in application.properties (camel.main.configuration-classes), the
 * runner's in RunnerApplication. A configuration class on neither would be compiled and never run.
 */
class CapabilityListTest {

    @Test
    void everyConfigurationClassIsListedOnceAndEveryListedOneExists() throws Exception {
        Properties file = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("application.properties"))) {
            file.load(in);
        }
        List<String> hub = names(file.getProperty("camel.main.configuration-classes"));
        List<String> runner = names(RunnerApplication.CONFIGURATIONS);
        assertEquals(Set.copyOf(hub).size(), hub.size(), "listed twice: " + hub);
        assertEquals(Set.copyOf(runner).size(), runner.size(), "listed twice: " + runner);

        Set<String> listed = new TreeSet<>(hub);
        listed.addAll(runner);
        listed.add(HubConfiguration.class.getName()); // found by camel-main's scan of the hub's main class package
        Set<String> compiled = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.descartes.hub").stream()
                .filter(c -> c.isAssignableTo(CamelConfiguration.class) && !c.isInterface())
                .map(JavaClass::getName).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(compiled, listed);
        for (String name : listed) {
            assertTrue(CamelConfiguration.class.isAssignableFrom(Class.forName(name)), name);
        }
    }

    private static List<String> names(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
