package io.descartes.hub.zmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.CatalogCamelContext;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.tooling.model.BaseOptionModel;
import org.apache.camel.tooling.model.ComponentModel;
import org.apache.camel.tooling.model.JsonMapper;
import org.junit.jupiter.api.Test;

/**
 * What tooling (Kaoto, Karavan, Camel JBang, the catalog) sees of the component: the component JSON the build
 * generates, found the way Camel finds it, and the generated configurers that set options without reflection.
 */
class ZmqComponentMetadataTest extends CamelTestSupport {

    private ComponentModel model() throws Exception {
        String json = ((CatalogCamelContext) context).getComponentParameterJsonSchema("zmq");
        assertNotNull(json, "no component JSON for zmq on the classpath");
        return JsonMapper.generateComponentModel(json);
    }

    @Test
    void theComponentJsonDescribesEveryOptionAndHeader() throws Exception {
        ComponentModel model = model();
        assertEquals("zmq", model.getScheme());
        assertEquals("zmq:socketType:address", model.getSyntax());
        assertEquals(ZmqComponent.class.getName(), model.getJavaType());

        Map<String, ComponentModel.EndpointOptionModel> options = byName(model.getEndpointOptions());
        List<String> declared = names(ZmqConfiguration.class, UriParam.class, f -> f.getAnnotation(UriParam.class).name());
        declared.addAll(names(ZmqEndpoint.class, UriPath.class, f -> f.getAnnotation(UriPath.class).name()));
        assertTrue(declared.size() > 20, () -> "too few options found: " + declared);
        for (String name : declared) {
            assertDescribed("endpoint option", name, options.get(name));
        }
        assertEquals(ZmqConfiguration.class.getName(), options.get("receiveHighWaterMark").getConfigurationClass());
        assertEquals("1000", String.valueOf(options.get("receiveHighWaterMark").getDefaultValue()));
        assertTrue(options.get("curveSecretKey").isSecret());
        assertTrue(options.get("socketType").isRequired());

        Map<String, ComponentModel.ComponentOptionModel> componentOptions = byName(model.getComponentOptions());
        for (String name : names(ZmqComponent.class, Metadata.class, f -> "")) {
            assertDescribed("component option", name, componentOptions.get(name));
        }

        Map<String, ComponentModel.EndpointHeaderModel> headers = byName(model.getEndpointHeaders());
        for (Field constant : ZmqConstants.class.getFields()) {
            String header = (String) constant.get(null);
            assertNotNull(constant.getAnnotation(Metadata.class), () -> "no @Metadata on ZmqConstants." + constant.getName());
            assertDescribed("header", header, headers.get(header));
            assertFalse(headers.get(header).getJavaType().isEmpty(), () -> "header " + header + " has no javaType");
        }
    }

    @Test
    void theDocsPageNamesEveryOptionAndHeaderOfTheJson() throws Exception {
        ComponentModel model = model();
        String page = Files.readString(Path.of("src/main/docs/zmq-component.adoc"));
        Stream.of(model.getComponentOptions(), model.getEndpointOptions(), model.getEndpointHeaders())
                .flatMap(List::stream)
                .forEach(o -> assertTrue(page.contains("| *" + o.getName() + "* "),
                        () -> o.getName() + " is not in the docs page's tables"));
    }

    @Test
    void theGeneratedConfigurersSetOptions() throws Exception {
        PropertyConfigurer configurer = PluginHelper.getConfigurerResolver(context)
                .resolvePropertyConfigurer("zmq-endpoint", context);
        // generated (by name, so this test compiles, and fails, without them), not reflection
        assertEquals("ZmqEndpointConfigurer", configurer == null ? null : configurer.getClass().getSimpleName());

        ZmqEndpoint endpoint = context.getEndpoint("zmq:pull:tcp://127.0.0.1:5555?receiveHighWaterMark=7", ZmqEndpoint.class);
        assertEquals(7, endpoint.getConfiguration().getReceiveHighWaterMark());
        PropertyBindingSupport.build().withConfigurer(configurer).withReflection(false)
                .bind(context, endpoint, new LinkedHashMap<>(Map.of("receiveHighWaterMark", "9", "curveServer", "true")));
        assertEquals(9, endpoint.getConfiguration().getReceiveHighWaterMark());
        assertTrue(endpoint.getConfiguration().isCurveServer());

        // Z85 keys hold URI delimiters: the docs page says to pass them in RAW(...)
        String key = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
        ZmqEndpoint server = context.getEndpoint("zmq:router:tcp://127.0.0.1:5556?curveServer=true&curveSecretKey=RAW("
                + key + ")", ZmqEndpoint.class);
        assertEquals(key, server.getConfiguration().getCurveSecretKey());

        PropertyConfigurer componentConfigurer = PluginHelper.getConfigurerResolver(context)
                .resolvePropertyConfigurer("zmq-component", context);
        assertEquals("ZmqComponentConfigurer", componentConfigurer == null ? null : componentConfigurer.getClass().getSimpleName());
        String uri = context.getCamelContextExtension().getEndpointUriFactory("zmq").buildUri("zmq",
                new LinkedHashMap<>(Map.of("socketType", "PULL", "address", "tcp://127.0.0.1:5555", "maxInFlight", 5)));
        assertEquals("zmq:PULL:tcp://127.0.0.1:5555?maxInFlight=5", uri);
    }

    /** The option names a class declares with the annotation; the field name unless the annotation names it. */
    private static List<String> names(Class<?> type, Class<? extends java.lang.annotation.Annotation> annotation,
                                      Function<Field, String> explicitName) {
        return Arrays.stream(type.getDeclaredFields()).filter(f -> f.isAnnotationPresent(annotation))
                .map(f -> explicitName.apply(f).isEmpty() ? f.getName() : explicitName.apply(f))
                .collect(Collectors.toList());
    }

    private static <T extends BaseOptionModel> Map<String, T> byName(List<T> options) {
        return options.stream().collect(Collectors.toMap(BaseOptionModel::getName, o -> o));
    }

    private static void assertDescribed(String kind, String name, BaseOptionModel option) {
        assertNotNull(option, () -> kind + " " + name + " is missing from the component JSON");
        assertFalse(option.getDescription() == null || option.getDescription().isBlank(),
                () -> kind + " " + name + " has no description");
    }
}
