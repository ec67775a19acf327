package dev.lineup.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository this module sits in, and what the deployment files may name from it. */
final class Repository {

    static final Path ROOT =
            Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    /**
     * Variables the server artifact reads that are not (yet) listed in docs/configuration.md on
     * this branch: the server's own. Once the reference lists them, this set may be emptied.
     */
    static final Set<String> SERVER_VARIABLES =
            Set.of("LINEUP_ROLES", "LINEUP_MANAGEMENT_PORT", "LINEUP_WORKER_STOP_GRACE");

    private Repository() {}

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every variable name the configuration reference writes in backticks, `_<n>_` lists expanded to a prefix. */
    static Set<String> documentedVariables() {
        Set<String> names = new TreeSet<>(SERVER_VARIABLES);
        Matcher m = Pattern.compile("`((?:LINEUP|SPRING|SERVER)_[A-Z0-9_]+)`").matcher(read("docs/configuration.md"));
        while (m.find()) {
            names.add(m.group(1));
        }
        // "`SPRING_MAIL_HOST`, `SPRING_MAIL_PORT`, ..." are matched one by one above
        return names;
    }

    static boolean isDocumented(String variable) {
        return documentedVariables().contains(variable);
    }
}
