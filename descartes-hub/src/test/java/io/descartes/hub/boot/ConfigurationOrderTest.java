package io.descartes.hub.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the hub's wiring relies on from camel-main (docs/architecture.md "Wiring"): it binds the beans of every class
 * in camel.main.configuration-classes before it runs any class's configure(), then runs those in the listed order;
 * a lazy bean is made on its first lookup, after the beans it takes, whichever class binds them. Here the first
 * class's bean takes the second class's.
 */
class ConfigurationOrderTest {

    private static final List<String> EVENTS = new ArrayList<>();

    private final Main main = new Main();

    record Part(String name, Part takes) {
    }

    public static class First implements CamelConfiguration {

        @BindToRegistry(value = "whole", lazy = true)
        public Part whole(@BeanInject("piece") Part piece) {
            EVENTS.add("made whole");
            return new Part("whole", piece);
        }

        @Override
        public void configure(CamelContext context) {
            EVENTS.add("configured first");
            context.getRegistry().lookupByNameAndType("whole", Part.class);
        }
    }

    public static class Second implements CamelConfiguration {

        @BindToRegistry(value = "piece", lazy = true)
        public Part piece() {
            EVENTS.add("made piece");
            return new Part("piece", null);
        }

        @Override
        public void configure(CamelContext context) {
            EVENTS.add("configured second");
        }
    }

    @AfterEach
    void stop() {
        main.stop();
    }

    @Test
    void beansAreMadeOnFirstLookupAfterWhatTheyTakeAndConfigureRunsInListedOrder() throws Exception {
        main.setDefaultPropertyPlaceholderLocation("classpath:no-such.properties;optional=true");
        main.addOverrideProperty("camel.main.configuration-classes", First.class.getName() + "," + Second.class.getName());
        main.start();

        assertEquals(List.of("configured first", "made piece", "made whole", "configured second"), EVENTS);
        CamelContext context = main.getCamelContext();
        assertSame(context.getRegistry().lookupByNameAndType("piece", Part.class),
                context.getRegistry().lookupByNameAndType("whole", Part.class).takes(), "each bean is made once");
    }
}
