package io.sitrep.ingest.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.ReportHints;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Reads the optional {@code hints} object of one validation run: a region the gazetteer knows, an
 * event type, an event date in the same range as the instants. Hints that say nothing give
 * {@code null}.
 */
final class HintReader {

    private static final int MAX_REGION_CHARS = 16;
    private static final Set<String> EVENT_TYPES =
            Arrays.stream(EventType.values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());
    private static final String EVENT_TYPE_LIST = Arrays.stream(EventType.values())
            .filter(t -> t != EventType.UNKNOWN).map(Enum::name).collect(Collectors.joining(", "));

    private final FieldReader fields;
    private final TimeAndUrlRules times;
    private final Predicate<String> knownRegion;

    HintReader(final FieldReader fields, final TimeAndUrlRules times, final Predicate<String> knownRegion) {
        this.fields = fields;
        this.times = times;
        this.knownRegion = knownRegion;
    }

    ReportHints hints() {
        final JsonNode hints = fields.root().get("hints");
        if (hints == null || hints.isNull()) {
            return null;
        }
        if (!hints.isObject()) {
            fields.add(FieldReader.wrongType("hints", hints, "an object"));
            return null;
        }
        final String region = regionHint(hints);
        final EventType eventType = eventTypeHint(hints);
        final LocalDate eventDate = eventDateHint(hints);
        if (region == null && eventType == null && eventDate == null) {
            return null;
        }
        return ReportHints.newBuilder().setRegionCode(region).setEventType(eventType).setEventDate(eventDate).build();
    }

    private String regionHint(final JsonNode hints) {
        final String raw = fields.text(hints, "regionCode", false, MAX_REGION_CHARS, null);
        if (raw == null) {
            return null;
        }
        final String code = raw.strip().toUpperCase(Locale.ROOT);
        if (!knownRegion.test(code)) {
            fields.add(new Problem(ReasonCode.UNKNOWN_HINT_REGION, "hints.regionCode",
                    "hints.regionCode is not a known region: expected an ISO 3166-2 code such as \"AF-KHO\" or \"PK-KP\""));
            return null;
        }
        return code;
    }

    private EventType eventTypeHint(final JsonNode hints) {
        final String raw = fields.text(hints, "eventType", false, 64, null);
        if (raw == null) {
            return null;
        }
        final String name = raw.strip().toUpperCase(Locale.ROOT);
        if (!EVENT_TYPES.contains(name)) {
            fields.add(new Problem(ReasonCode.INVALID_HINT_EVENT_TYPE, "hints.eventType",
                    "hints.eventType is not a known event type: expected one of " + EVENT_TYPE_LIST));
            return null;
        }
        final EventType type = EventType.valueOf(name);
        return type == EventType.UNKNOWN ? null : type;
    }

    private LocalDate eventDateHint(final JsonNode hints) {
        final String raw = fields.text(hints, "eventDate", false, 32, null);
        if (raw == null) {
            return null;
        }
        final LocalDate date;
        try {
            date = LocalDate.parse(raw.strip(), DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeParseException e) {
            fields.add(new Problem(ReasonCode.INVALID_TIME, "hints.eventDate",
                    "hints.eventDate is not an ISO-8601 date: expected e.g. \"2026-02-26\""));
            return null;
        }
        // a date is in range when its first instant (UTC) is: same bounds as the instants
        return times.inRange("hints.eventDate", date.atStartOfDay(ZoneOffset.UTC).toInstant()) ? date : null;
    }
}
