package io.sitrep.app;

import io.sitrep.ingest.auth.ScraperTokens;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sitrep token new SCRAPER_ID}: a new bearer token for a scraper, and the line for the ingest token file. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Create a scraper's ingest token: prints the token (give it to the scraper) and the hashed line for --auth-file.")
final class TokenCommand extends RoleCommand {
    @Parameters(index = "0", paramLabel = "new", description = "The action; only 'new' exists.")
    String action;

    @Parameters(index = "1", paramLabel = "SCRAPER_ID", description = "The scraper the token is bound to.")
    String scraperId;

    @Override
    int run(final PrintWriter out) {
        if (!"new".equals(action)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Unknown action '" + action + "'; use: sitrep token new SCRAPER_ID");
        }
        final String token = ScraperTokens.newToken();
        out.printf("token (give to the scraper, shown once): %s%n", token);
        out.printf("line for the ingest --auth-file:         %s=%s%n", scraperId, ScraperTokens.hash(token));
        return 0;
    }
}
