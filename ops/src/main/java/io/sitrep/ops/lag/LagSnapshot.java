package io.sitrep.ops.lag;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every watched group's verdict at one sampling moment.
 *
 * @param at        when the sample was taken
 * @param groups    one verdict per group, sorted by group id
 * @param error     why the last sample failed (broker unreachable, …), empty when it succeeded; the
 *                  groups are then those of the last good sample
 * @param clusterId the Kafka cluster id the sample was read from ("" when not known yet)
 */
public record LagSnapshot(Instant at, List<GroupVerdict> groups, Optional<String> error, String clusterId) {
    public LagSnapshot {
        groups = List.copyOf(groups);
        clusterId = clusterId == null ? "" : clusterId;
    }

    public LagSnapshot(final Instant at, final List<GroupVerdict> groups, final Optional<String> error) {
        this(at, groups, error, "");
    }

    public static LagSnapshot empty() {
        return new LagSnapshot(Instant.EPOCH, List.of(), Optional.of("no sample taken yet"));
    }

    /** The worst verdict over all groups; OK when there are none. */
    public LagStatus worst() {
        return groups.stream().map(GroupVerdict::status).reduce(LagStatus.OK, LagStatus::worst);
    }

    public Optional<GroupVerdict> group(final String id) {
        return groups.stream().filter(g -> g.group().equals(id)).findFirst();
    }
}
