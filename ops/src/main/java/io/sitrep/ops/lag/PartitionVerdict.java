package io.sitrep.ops.lag;

/** One partition's lag with its status and the reason for it, in words an operator can act on. */
public record PartitionVerdict(PartitionLag lag, LagStatus status, String reason) {
}
