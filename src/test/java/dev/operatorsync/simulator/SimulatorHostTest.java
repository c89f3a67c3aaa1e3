package dev.operatorsync.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where the simulator listens: loopback by default, so another machine (or container) is refused; every interface
 * with {@code --host 0.0.0.0}, as the compose stack needs for operator-sync in its own container.
 */
class SimulatorHostTest {
    private static final SimulatorOptions SMALL = SimulatorOptions.defaults().withPort(0).withConversations(10).withOperators(1);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void by_default_only_this_machine_reaches_it_and_on_0_0_0_0_another_address_does_too() throws Exception {
        Optional<InetAddress> outside = nonLoopbackAddress();
        try (OperatorApiSimulator loopback = OperatorApiSimulator.start(SMALL);
             OperatorApiSimulator everywhere = OperatorApiSimulator.start(SMALL, InetAddress.getByName("0.0.0.0"))) {
            assertEquals("127.0.0.1", loopback.baseUrl().getHost());
            assertEquals("0.0.0.0", everywhere.baseUrl().getHost());
            assertEquals(401, status(URI.create("http://127.0.0.1:" + everywhere.baseUrl().getPort() + "/conversations")));
            assumeTrue(outside.isPresent(), "this machine has no address but loopback: the other-address half is skipped");
            String host = outside.get().getHostAddress();
            assertEquals(401, status(URI.create("http://" + host + ":" + everywhere.baseUrl().getPort() + "/conversations")),
                    "answers (401 without a key) on " + host);
            assertThrows(ConnectException.class, () -> status(URI.create("http://" + host + ":" + loopback.baseUrl().getPort() + "/conversations")),
                    "the loopback-only simulator refuses " + host);
        }
    }

    private static int status(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return Optional.of(address);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
