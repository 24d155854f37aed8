package io.sitrep.ingest.validate;

import io.sitrep.schemas.avro.RawReport;
import java.util.List;
import java.util.Objects;

/**
 * Outcome of {@link ReportValidator#validate(byte[])}: either a {@link Valid} report ready to
 * publish or an {@link Invalid} list of problems. Test with {@code instanceof}.
 */
public sealed interface ValidationResult permits ValidationResult.Valid, ValidationResult.Invalid {

    /** Whether the report can be published. */
    boolean isValid();

    /**
     * A report that passed every check.
     *
     * @param report the report, with {@code reportId} and {@code ingestedAt} set
     */
    record Valid(RawReport report) implements ValidationResult {
        /** Checks the report is present. */
        public Valid {
            Objects.requireNonNull(report, "report");
        }

        @Override
        public boolean isValid() {
            return true;
        }
    }

    /**
     * A refused report.
     *
     * @param problems  at least one problem, in the order the fields are checked (payload-level
     *                  first, then top-level fields, then hints); {@code problems.get(0)} is the
     *                  headline reason
     * @param scraperId the scraper id when the payload carried a usable one, else {@code null}
     * @param reportId  the report id when it could be computed despite the problems, else {@code null}
     */
    record Invalid(List<Problem> problems, String scraperId, String reportId) implements ValidationResult {
        /** Copies the problems and checks there is at least one. */
        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid result needs at least one problem");
            }
        }

        /** The first problem's code: the one reason reported where only one fits. */
        public ReasonCode reason() {
            return problems.get(0).code();
        }

        /** All problem messages joined with {@code "; "}. */
        public String summary() {
            return String.join("; ", problems.stream().map(Problem::message).toList());
        }

        @Override
        public boolean isValid() {
            return false;
        }
    }
}
