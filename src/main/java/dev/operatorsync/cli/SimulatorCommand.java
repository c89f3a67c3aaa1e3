package dev.operatorsync.cli;

import dev.operatorsync.config.ConfigException;
import dev.operatorsync.simulator.Faults;
import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.simulator.SimulatorOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = {"Serve a local Operator API (both versions, chosen per request by Operator-Version) until stopped.",
                "Its history ends before now, so a sync finds it all; operators are op_1 ... op_N."})
final class SimulatorCommand implements Callable<Integer> {
    @Option(names = "--host", paramLabel = "H", description = {"Address to listen on (default: ${DEFAULT-VALUE}, this machine only;",
            "0.0.0.0 for every interface, as in a container that others call)."})
    String host = "127.0.0.1";

    @Option(names = "--port", description = "Port on --host (0 picks a free one; default: ${DEFAULT-VALUE}).")
    int port = 8089;

    @Option(names = "--conversations", description = "Conversations in the history (default: ${DEFAULT-VALUE}).")
    int conversations = 1000;

    @Option(names = "--operators", description = "Operators op_1 ... op_N (default: ${DEFAULT-VALUE}).")
    int operators = 3;

    @Option(names = "--seed", description = "Seed of the generated data (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--api-key", description = "The key it accepts (default: ${DEFAULT-VALUE}).")
    String apiKey = "op_test_simulator";

    @Option(names = "--page-size", description = "Most records a page holds; pages vary below it (default: ${DEFAULT-VALUE}).")
    int pageSize = 100;

    @Option(names = "--arrivals-per-minute", description = "New conversations arriving per minute of real time (default: ${DEFAULT-VALUE}).")
    double arrivalsPerMinute = 30;

    @Option(names = "--fault", paramLabel = "KIND@WHEN[/Ns]", description = {
            "Inject a fault; repeatable. KIND: transient-503, rate-limit, rate-limit-date, html-500, permanent-400,",
            "malformed-record, drop-connection, slow. WHEN: request=N[,N...], query=TEXT or rate=R (0..1, seeded by --fault-seed).",
            "/Ns sets the Retry-After or the delay (default 2s). E.g. --fault transient-503@rate=0.1 --fault rate-limit@request=5/3s"})
    java.util.List<String> faults = new java.util.ArrayList<>();

    @Option(names = "--fault-seed", description = "Seed of the random fault rates (default: ${DEFAULT-VALUE}).")
    long faultSeed = 7;

    @Option(names = "--webhook-url", description = {"Post Operator's webhooks here as conversations appear, end and are post-processed,",
            "signed for this URL (the receiver's webhook.public-url)."})
    java.net.URI webhookUrl;

    @Option(names = "--webhook-secret", description = "The secret the webhooks are signed with (required with --webhook-url).")
    String webhookSecret;

    @Option(names = "--webhook-events-per-second", description = {"With --webhook-url: this many more custom_fields.updated events a",
            "second for recent conversations, for load trials (default: ${DEFAULT-VALUE})."})
    double webhookEventsPerSecond = 0;

    @Override
    public Integer call() throws Exception {
        if (webhookUrl != null && (webhookSecret == null || webhookSecret.isEmpty())) {
            throw new dev.operatorsync.config.ConfigException("--webhook-secret", "is required with --webhook-url");
        }
        SimulatorOptions options = SimulatorOptions.defaults().withPort(port).withConversations(conversations)
                .withOperators(operators).withSeed(seed).withApiKey(apiKey).withPageSize(pageSize)
                .withArrivalsPerMinute(arrivalsPerMinute);
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ConfigException("--host", "'" + host + "' is not an address of this machine (e.g. 127.0.0.1 or 0.0.0.0)");
        }
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(options, address)) {
            simulator.useSystemClock();
            Faults plan = new Faults(simulator.clock());
            faults.forEach(spec -> plan.parse(spec, faultSeed));
            simulator.setFaults(plan);
            if (webhookUrl != null) {
                simulator.sendWebhooks(webhookUrl, webhookSecret, webhookEventsPerSecond);
                System.out.println("posting webhooks to " + webhookUrl);
            }
            System.out.println("Operator API simulator listening at " + simulator.baseUrl());
            System.out.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
        return OperatorSync.OK;
    }
}
