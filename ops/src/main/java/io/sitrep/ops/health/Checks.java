package io.sitrep.ops.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/** The readiness checks every sitrep role shares: the Kafka cluster and the schema registry. */
public final class Checks {
    private Checks() {
    }

    /** The broker answers a cluster description within {@code timeout}. */
    public static ReadinessCheck kafka(final Admin admin, final Duration timeout) {
        return () -> {
            try {
                final Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions()
                        .timeoutMs((int) timeout.toMillis())).nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return CheckResult.ok("kafka", "broker reachable, " + nodes.size() + " node(s)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CheckResult.failed("kafka", "interrupted");
            } catch (ExecutionException | TimeoutException e) {
                final Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                return CheckResult.failed("kafka", "broker not reachable within " + timeout.toMillis() + " ms: " + cause);
            }
        };
    }

    /**
     * {@code GET /subjects} answers 200 on one of the registry URLs (comma-separated).
     *
     * @param userInfo {@code user:password} for basic auth, or null
     */
    public static ReadinessCheck schemaRegistry(final String urls, final String userInfo, final Duration timeout) {
        final HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        return () -> {
            final StringBuilder problems = new StringBuilder();
            for (String url : urls.split(",")) {
                final String base = url.strip().replaceAll("/+$", "");
                final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/subjects"))
                        .timeout(timeout).GET();
                if (userInfo != null && !userInfo.isBlank()) {
                    request.header("Authorization", "Basic "
                            + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
                }
                try {
                    final HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        return CheckResult.ok("schemaRegistry", "registry reachable at " + base);
                    }
                    problems.append(base).append(" answered HTTP ").append(response.statusCode()).append("; ");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return CheckResult.failed("schemaRegistry", "interrupted");
                } catch (java.io.IOException | IllegalArgumentException e) {
                    problems.append(base).append(": ").append(e).append("; ");
                }
            }
            return CheckResult.failed("schemaRegistry", "registry not reachable: " + problems.toString().replaceAll("; $", ""));
        };
    }
}
