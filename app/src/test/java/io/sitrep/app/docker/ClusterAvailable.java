package io.sitrep.app.docker;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Disables a test class, with the reason in the report, when {@code -Dsitrep.it.cluster=testcontainers}
 * was chosen and no Docker engine answers; the in-process provider always runs.
 */
final class ClusterAvailable implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(final ExtensionContext context) {
        final String name = ClusterProvider.chosen();
        if (!name.equals("testcontainers") && !name.equals("docker")) {
            return ConditionEvaluationResult.enabled("in-process cluster");
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return ConditionEvaluationResult.enabled("Docker engine available");
        }
        return ConditionEvaluationResult.disabled("-D" + ClusterProvider.PROPERTY + "=" + name + " needs a Docker engine and none"
                + " answers here: skipped (run on a Docker host, or drop the property to use the in-process broker)");
    }
}
