package io.descartes.hub.app;

import java.nio.file.Path;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes live route reload remove routes too. camel-main's watcher, with routes-reload-remove-all-routes=false (which
 * keeps the Java DSL routes), only adds routes and replaces them by id: a deleted or renamed route file, or a route id
 * taken out of a file, left the old routes running until a restart. Wrapped around the watcher's reload, this stops
 * and removes, after a file's reload, each route that came from that file and was not loaded again from it. A file
 * that fails to load changes nothing, as before.
 */
final class RouteFileRemoval implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFileRemoval.class);
    private static final String FILE = "file:";

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the watcher sets its own reload listener when it starts; it is wrapped once everything has started
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        RouteWatcherReloadStrategy watcher = context.hasService(RouteWatcherReloadStrategy.class);
        if (watcher != null) {
            ResourceReload reload = watcher.getResourceReload();
            watcher.setResourceReload((name, resource) -> {
                List<Route> before = routesFrom(context, resource);
                reload.onReload(name, resource);
                for (Route route : before) {
                    // a route loaded again from the file is a new Route object under the same id
                    if (context.getRoute(route.getId()) == route) {
                        context.getRouteController().stopRoute(route.getId());
                        context.removeRoute(route.getId());
                        LOG.info("Removed route {}: {} no longer declares it", route.getId(), name);
                    }
                }
            });
        }
    }

    private static List<Route> routesFrom(CamelContext context, Resource file) {
        Path path = pathOf(file);
        return context.getRoutes().stream()
                .filter(r -> r.getSourceResource() != null && path != null && path.equals(pathOf(r.getSourceResource())))
                .toList();
    }

    /** The file a resource was read from, or null when it is not a file (classpath, Java DSL). */
    private static Path pathOf(Resource resource) {
        String location = resource.getLocation();
        return location != null && location.startsWith(FILE)
                ? Path.of(location.substring(FILE.length())).toAbsolutePath().normalize() : null;
    }
}
