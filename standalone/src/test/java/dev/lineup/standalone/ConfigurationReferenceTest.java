package dev.lineup.standalone;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/configuration.md} promises every environment variable Lineup reads. This test holds
 * it to that: the variables the code binds and the variables the page names must be the same set.
 *
 * <p>The code binds a variable in two ways, and both are read from the sources of every module
 * (every top-level directory with a {@code src/main}, so a new module is picked up unnamed):
 * <ul>
 *     <li>a {@code ${LINEUP_…}} placeholder in a {@code lineup-*.properties} file under
 *     {@code src/main/resources}, which is how almost every setting gets its default;</li>
 *     <li>a {@code LINEUP_…} name inside a string literal in {@code src/main/java}: variables read
 *     straight from the environment ({@code LINEUP_DATA_DIR}), and the names startup errors tell
 *     the operator to set. Names in comments do not count: a comment binds nothing.</li>
 * </ul>
 * The page names a variable in backquotes, as its tables do.
 *
 * <p>A name ending in {@code _} is a family, not one variable: {@code LINEUP_SCHEDULER_SCHEDULES_}
 * stands for Spring's indexed list binding ({@code LINEUP_SCHEDULER_SCHEDULES_0_ID},
 * {@code _0_CRON}, …, {@code _1_ID}, …), which no single name can list. The code names it that
 * way in its startup error ({@code LINEUP_SCHEDULER_SCHEDULES_<n>_<FIELD>}) and the page in its
 * table ({@code LINEUP_SCHEDULER_SCHEDULES_<n>_ID}); both read as the same prefix, so a family
 * is compared like any other name and must appear on both sides.
 */
class ConfigurationReferenceTest {

    private static final String REFERENCE = "docs/configuration.md";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(LINEUP_[A-Z0-9_]+)");
    private static final Pattern NAME = Pattern.compile("LINEUP_[A-Z0-9_]+");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");

    private final Path root = repositoryRoot();

    @Test
    void theReferenceListsExactlyTheVariablesTheCodeBinds() throws IOException {
        Map<String, Set<String>> bound = boundByCode();
        Set<String> documented = documented();

        // an empty side would make the comparison pass for the wrong reason (a moved file, a wrong root)
        assertThat(bound)
                .as("LINEUP_* variables found in the sources under %s", root)
                .hasSizeGreaterThan(20);
        assertThat(documented).as("LINEUP_* variables named in %s", REFERENCE).isNotEmpty();

        Map<String, Set<String>> undocumented = new TreeMap<>(bound);
        undocumented.keySet().removeAll(documented);
        Set<String> unbound = new TreeSet<>(documented);
        unbound.removeAll(bound.keySet());

        List<String> problems = new ArrayList<>();
        if (!undocumented.isEmpty()) {
            problems.add("Bound by the code but missing from " + REFERENCE
                    + ". Add each as a row (variable, default, meaning)"
                    + " to the table of the app that reads it:\n"
                    + undocumented.entrySet().stream()
                            .map(e -> "  " + e.getKey() + "   (in " + String.join(", ", e.getValue()) + ")")
                            .collect(Collectors.joining("\n")));
        }
        if (!unbound.isEmpty()) {
            problems.add("Named in " + REFERENCE + " but bound nowhere in the code. Remove it from the page, or, if the"
                    + " setting is new, give it a ${NAME:default} placeholder in its module's lineup-*.properties:\n"
                    + unbound.stream().map(name -> "  " + name).collect(Collectors.joining("\n")));
        }
        assertThat(problems)
                .withFailMessage("%s", String.join("\n\n", problems))
                .isEmpty();
    }

    /** Every variable the code binds, with the files that bind it (relative to the root). */
    private Map<String, Set<String>> boundByCode() throws IOException {
        Map<String, Set<String>> bound = new TreeMap<>();
        for (Path module : modules()) {
            for (Path properties : files(module.resolve("src/main/resources"), "lineup-", ".properties")) {
                collect(PLACEHOLDER, Files.readString(properties), 1, properties, bound);
            }
            for (Path source : files(module.resolve("src/main/java"), "", ".java")) {
                for (String literal : stringLiterals(Files.readString(source))) {
                    collect(NAME, literal, 0, source, bound);
                }
            }
        }
        return bound;
    }

    private Set<String> documented() throws IOException {
        Path reference = root.resolve(REFERENCE);
        assertThat(reference).as("the configuration reference").exists();
        Set<String> names = new TreeSet<>();
        Matcher span = CODE_SPAN.matcher(Files.readString(reference));
        while (span.find()) {
            NAME.matcher(span.group(1)).results().map(MatchResult::group).forEach(names::add);
        }
        return names;
    }

    private void collect(Pattern pattern, String text, int group, Path file, Map<String, Set<String>> into) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            into.computeIfAbsent(m.group(group), name -> new TreeSet<>())
                    .add(root.relativize(file).toString());
        }
    }

    /** The top-level directories that hold main sources: every module, whatever its name. */
    private List<Path> modules() throws IOException {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(dir -> Files.isDirectory(dir.resolve("src/main")))
                    .sorted()
                    .toList();
        }
    }

    private static List<Path> files(Path dir, String prefix, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile)
                    .filter(f -> {
                        String name = f.getFileName().toString();
                        return name.startsWith(prefix) && name.endsWith(suffix);
                    })
                    .sorted()
                    .toList();
        }
    }

    /**
     * The contents of the string literals and text blocks of a Java source, skipping comments and
     * character literals (so neither {@code // LINEUP_X} nor {@code '"'} is taken for a string).
     */
    static List<String> stringLiterals(String java) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        int n = java.length();
        while (i < n) {
            char c = java.charAt(i);
            if (java.startsWith("//", i)) {
                int end = java.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (java.startsWith("/*", i)) {
                int end = java.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (java.startsWith("\"\"\"", i)) {
                int end = java.indexOf("\"\"\"", i + 3);
                while (end > 0 && java.charAt(end - 1) == '\\') end = java.indexOf("\"\"\"", end + 1);
                int stop = end < 0 ? n : end;
                literals.add(java.substring(i + 3, stop));
                i = end < 0 ? n : end + 3;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && java.charAt(j) != c && java.charAt(j) != '\n') {
                    j += java.charAt(j) == '\\' ? 2 : 1;
                }
                if (c == '"') literals.add(java.substring(i + 1, Math.min(j, n)));
                i = j + 1;
            } else {
                i++;
            }
        }
        return literals;
    }

    /**
     * Maven runs a module's tests in the module's directory, so the repository is its parent; an
     * IDE may run them from the repository itself.
     */
    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath().normalize();
        for (Path dir : new Path[] {here, here.getParent()}) {
            if (dir != null
                    && Files.isRegularFile(dir.resolve("mvnw"))
                    && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new UncheckedIOException(new IOException(
                "Found no repository root (a directory with mvnw and pom.xml)" + " at " + here + " or its parent"));
    }

    @Test
    void readsStringLiteralsButNotCommentsOrCharacters() {
        String java = """
                // LINEUP_IN_A_COMMENT
                /* LINEUP_IN_A_BLOCK "LINEUP_NOT_A_STRING" */
                char quote = '"'; String a = "set LINEUP_ONE (or LINEUP_TWO)"; String b = "say \\"LINEUP_THREE\\"";
                """;

        List<String> names = stringLiterals(java).stream()
                .flatMap(s -> NAME.matcher(s).results().map(MatchResult::group))
                .toList();

        assertThat(names).containsExactly("LINEUP_ONE", "LINEUP_TWO", "LINEUP_THREE");
    }
}
