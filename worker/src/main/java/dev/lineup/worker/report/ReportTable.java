package dev.lineup.worker.report;

import dev.lineup.core.catalog.JobCatalog;
import dev.lineup.core.catalog.JobType;
import dev.lineup.worker.report.FinishedJobCounts.Count;
import dev.lineup.worker.report.FinishedJobCounts.Outcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The report's plain-text table: one line per job type (every catalog type, then any other job
 * name found), a line of totals, columns padded for a monospace font.
 */
// counts live in arrays indexed by Outcome.ordinal(), built and read within one report: never stored
@SuppressWarnings("EnumOrdinal")
final class ReportTable {

    private static final List<String> HEADER = List.of("type", "succeeded", "failed", "cancelled", "total");

    private ReportTable() {}

    static String render(List<Count> counts) {
        Map<String, long[]> byType = new LinkedHashMap<>();
        JobCatalog.TYPES.stream().map(JobType::name).forEach(type -> byType.put(type, new long[3]));
        new TreeSet<>(counts.stream().map(Count::type).toList()).forEach(type -> byType.putIfAbsent(type, new long[3]));
        long[] all = new long[3];
        for (Count count : counts) {
            byType.get(count.type())[count.outcome().ordinal()] += count.jobs();
            all[count.outcome().ordinal()] += count.jobs();
        }

        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        byType.forEach((type, outcomes) -> rows.add(row(type, outcomes)));
        rows.add(row("all", all));
        return format(rows);
    }

    private static List<String> row(String type, long[] outcomes) {
        long total = outcomes[Outcome.SUCCEEDED.ordinal()]
                + outcomes[Outcome.FAILED.ordinal()]
                + outcomes[Outcome.CANCELLED.ordinal()];
        return List.of(
                type,
                String.valueOf(outcomes[Outcome.SUCCEEDED.ordinal()]),
                String.valueOf(outcomes[Outcome.FAILED.ordinal()]),
                String.valueOf(outcomes[Outcome.CANCELLED.ordinal()]),
                String.valueOf(total));
    }

    private static String format(List<List<String>> rows) {
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++)
                widths[i] = Math.max(widths[i], row.get(i).length());
        }
        var text = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            if (r == 1 || r == rows.size() - 1) text.append(rule(widths)).append('\n');
            text.append(line(rows.get(r), widths)).append('\n');
        }
        return text.toString();
    }

    /** The type left-aligned, the counts right-aligned. */
    private static String line(List<String> cells, int[] widths) {
        List<String> padded = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            String format = i == 0 ? "%-" + widths[i] + "s" : "%" + widths[i] + "s";
            padded.add(String.format(format, cells.get(i)));
        }
        return String.join(" | ", padded).stripTrailing();
    }

    private static String rule(int[] widths) {
        List<String> dashes = new ArrayList<>();
        for (int width : widths) dashes.add("-".repeat(width));
        return String.join("-+-", dashes);
    }
}
