package io.sitrep.streams.escalation.domain;

import io.sitrep.schemas.avro.EscalationLevel;
import java.time.LocalDate;
import java.util.List;

/** Rolling escalation figures of one region as of one day. {@code z} is null when undefined (no history). */
public record RollingFigures(LocalDate asOf, int c7, double b28, double ratio, Double z, long totalEvents,
                             int fatalities7Low, int fatalities30Low, EscalationLevel level, LocalDate levelSince,
                             List<String> flags) {
}
