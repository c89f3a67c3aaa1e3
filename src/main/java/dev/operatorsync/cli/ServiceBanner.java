package dev.operatorsync.cli;

import dev.operatorsync.admin.AdminSettings;
import dev.operatorsync.ops.ServiceSettings;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.quartz.CronExpression;

/** What {@code run} and {@code demo} print once they have started: where they listen and when the next sync fires. */
final class ServiceBanner {
    private ServiceBanner() {
    }

    /** @param managementHost the address the management server binds ({@code camel.management.host}) */
    static List<String> lines(ServiceSettings service, String managementHost, AdminSettings admin, String schedule, Instant now) {
        List<String> lines = new ArrayList<>();
        String management = "http://" + reachable(managementHost) + ":" + service.managementPort();
        lines.add("health at " + management + service.healthPath() + ", metrics at " + management + service.metricsPath()
                + " (management.port " + service.managementPort() + ", on " + managementHost + ")");
        if (admin != null) {
            lines.add("admin API at http://" + reachable(admin.host()) + ":" + admin.port() + "/api/backfills (admin.http.port "
                    + admin.port() + ", on " + admin.host() + (admin.tokenRequired() ? ", requires ADMIN_TOKEN" : "") + ")");
        }
        lines.add("next sync at " + nextFire(schedule, now) + " (sync.schedule \"" + schedule + "\", UTC)");
        return lines;
    }

    /** A server bound to every interface is reached on the loopback address from this machine. */
    private static String reachable(String host) {
        return "0.0.0.0".equals(host) || "::".equals(host) ? "localhost" : host;
    }

    private static String nextFire(String schedule, Instant now) {
        try {
            CronExpression cron = new CronExpression(schedule);
            cron.setTimeZone(TimeZone.getTimeZone("UTC"));
            Date next = cron.getNextValidTimeAfter(Date.from(now));
            return next == null ? "never" : next.toInstant().toString();
        } catch (ParseException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
