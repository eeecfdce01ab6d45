package io.descartes.hub.testing;

import java.util.Map;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.support.processor.DelegateAsyncProcessor;

/**
 * Notes the threads that run chosen route steps ({@code process: ref: x} as "x", {@code bean: ref: x, method: m}
 * as "x.m"), and the bodies each ran on. Install it from a test's {@code @Configure} method,
 * before the routes are built.
 */
public final class StepThreads {

    /** The journal's completion thread, which orders every broadcast and reply. */
    public static final String COMPLETION_THREAD = "descartes-event-journal-completion";

    private final Set<String> watched;
    private final Map<String, Set<String>> threads = new ConcurrentHashMap<>();
    private final Map<String, Queue<Object>> bodies = new ConcurrentHashMap<>();

    public StepThreads(String... steps) {
        this.watched = Set.of(steps);
    }

    public void install(MainConfigurationProperties configuration) {
        configuration.addConfiguration(new CamelConfiguration() {
            @Override
            public void configure(CamelContext context) {
                context.getCamelContextExtension().addInterceptStrategy((camel, definition, target, next) -> {
                    String step = name(definition);
                    return step != null && watched.contains(step) ? watch(step, target) : target;
                });
            }
        });
    }

    /** The names of the threads the step ran on so far. */
    public Set<String> of(String step) {
        return threads.getOrDefault(step, Set.of());
    }

    /** How many times the step ran on an exchange whose body matched. */
    public long runs(String step, Predicate<Object> body) {
        return bodies.getOrDefault(step, new ConcurrentLinkedQueue<>()).stream().filter(body).count();
    }

    private static String name(NamedNode definition) {
        if (definition instanceof ProcessDefinition process) {
            return process.getRef();
        }
        return definition instanceof BeanDefinition bean ? bean.getRef() + "." + bean.getMethod() : null;
    }

    private Processor watch(String step, Processor target) {
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                threads.computeIfAbsent(step, s -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread().getName());
                Object body = exchange.getMessage().getBody();
                if (body != null) {
                    bodies.computeIfAbsent(step, s -> new ConcurrentLinkedQueue<>()).add(body);
                }
                return super.process(exchange, callback);
            }
        };
    }
}
