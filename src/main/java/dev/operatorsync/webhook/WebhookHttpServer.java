package dev.operatorsync.webhook;

import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;

/**
 * The webhook receiver's own HTTP server, apart from the admin API's (camel.server.*) and the management port: its
 * audience is Operator, outside the host, so it listens on its own address. Camel main runs one platform-http server;
 * a second one is a {@link VertxPlatformHttpServer} on {@code webhook.port}, whose router Camel registers under the
 * port's name, and this engine, named on the endpoint ({@code platformHttpEngine=#webhookHttp}), serves the route's
 * consumer from that router instead of the main server's.
 */
public final class WebhookHttpServer implements PlatformHttpEngine {
    /** The receiver reads signed bodies into memory: an event is small, anything larger is not one. */
    private static final long MAX_BODY_BYTES = 1_048_576;

    private final VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();

    public WebhookHttpServer(WebhookSettings settings) {
        configuration.setBindHost(settings.host());
        configuration.setBindPort(settings.port());
        configuration.setMaxBodySize(MAX_BODY_BYTES);
        configuration.getBodyHandler().setHandleFileUploads(false);
    }

    /** Call before the context starts: the server starts with Camel's services, before the routes look up its router. */
    public void addTo(CamelContext context) throws Exception {
        context.addService(new VertxPlatformHttpServer(configuration));
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new VertxPlatformHttpConsumer(endpoint, processor, List.of(), VertxPlatformHttpRouter.getRouterNameFromPort(getServerPort()));
    }

    @Override
    public int getServerPort() {
        return configuration.getBindPort();
    }
}
