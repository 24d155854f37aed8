package io.sitrep.streams.attribution.domain;

import io.sitrep.schemas.avro.Precision;
import java.util.Objects;

/**
 * One gazetteer row: a province, a district, or a locality (a border crossing or a city).
 *
 * @param code        stable code: ISO 3166-2 for provinces ({@code AF-KHO}), the project's
 *                    scheme below a province ({@code PK-KP-NWA}, see gazetteer/README.md)
 * @param name        the preferred English name
 * @param countryCode ISO 3166-1 alpha-2 country ({@code AF}, {@code PK})
 * @param level       {@link Precision#PROVINCE}, {@link Precision#DISTRICT} or
 *                    {@link Precision#LOCALITY} (crossings and cities)
 * @param parentCode  the code of the province (or, for a locality, the district) it lies in;
 *                    {@code null} for provinces
 */
public record Region(String code, String name, String countryCode, Precision level, String parentCode) {

    public Region {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(countryCode, "countryCode");
        Objects.requireNonNull(level, "level");
    }

    /** True for first-level units (provinces, Pakistan's territories). */
    public boolean isProvince() {
        return level == Precision.PROVINCE;
    }
}
