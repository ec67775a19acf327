package dev.lineup.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** docker/Dockerfile read the way the builder reads it: stages and their instructions. */
record Dockerfile(List<Stage> stages) {

    record Instruction(String keyword, String arguments) {}

    record Stage(String base, String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream()
                    .filter(i -> i.keyword().equals(keyword))
                    .toList();
        }

        String workdir() {
            List<Instruction> workdirs = all("WORKDIR");
            return workdirs.isEmpty() ? "/" : workdirs.get(workdirs.size() - 1).arguments();
        }

        /** ENV in the key=value form, in order; later lines win. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)");
            for (Instruction i : all("ENV")) {
                Matcher m = pair.matcher(i.arguments());
                while (m.find()) {
                    String value = m.group(2);
                    env.put(m.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
                }
            }
            return env;
        }
    }

    static Dockerfile parse(String text) {
        List<String> logical = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            logical.add(current.toString().strip());
            current.setLength(0);
        }
        List<Stage> stages = new ArrayList<>();
        for (String line : logical) {
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            String keyword = parts[0].toUpperCase(java.util.Locale.ROOT);
            String arguments = parts.length > 1 ? parts[1].strip() : "";
            if (keyword.equals("FROM")) {
                String[] from = arguments.split("\\s+");
                stages.add(new Stage(
                        from[0],
                        from.length == 3 && from[1].equalsIgnoreCase("AS") ? from[2] : null,
                        new ArrayList<>()));
            } else {
                stages.get(stages.size() - 1).instructions().add(new Instruction(keyword, arguments));
            }
        }
        return new Dockerfile(stages);
    }

    Stage stage(String name) {
        return stages.stream()
                .filter(s -> name.equals(s.name()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no stage " + name));
    }

    Stage last() {
        return stages.get(stages.size() - 1);
    }
}
