package cn.tongfa.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The printed table: one row per figure, one value column per profile, then target and whether it is met. */
final class Table {

    private Table() {
    }

    static String render(Map<String, String> machine, Map<String, List<Figure>> results) {
        StringBuilder out = new StringBuilder();
        out.append("Tongfa benchmark — ").append(machine.get("date")).append('\n');
        out.append("machine: ").append(machine.get("cpus")).append(" CPUs (").append(machine.get("cpu")).append("), ")
                .append(machine.get("ram")).append(" RAM, ").append(machine.get("java")).append(", load average ")
                .append(machine.get("load_at_start")).append(" at start, ").append(machine.getOrDefault("load_at_end", "?"))
                .append(" at end; commit ").append(machine.get("commit")).append('\n');
        List<String> profiles = new ArrayList<>(results.keySet());
        Set<String> names = new LinkedHashSet<>();
        results.values().forEach(figures -> figures.forEach(f -> names.add(f.name())));
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("figure", "unit"));
        header.addAll(profiles);
        header.addAll(List.of("target", "met"));
        rows.add(header.toArray(String[]::new));
        for (String name : names) {
            List<String> row = new ArrayList<>(List.of(name, ""));
            String target = "";
            StringBuilder met = new StringBuilder();
            for (String profile : profiles) {
                Figure f = results.get(profile).stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
                if (f == null) {
                    row.add("");
                    continue;
                }
                row.set(1, f.unit());
                row.add(f.formattedValue());
                if (!f.target().isEmpty()) {
                    target = f.target();
                }
                if (f.met() != null) {
                    met.append(met.isEmpty() ? "" : " / ").append(f.met() ? "yes" : "NO");
                }
            }
            row.add(target);
            row.add(met.toString());
            rows.add(row.toArray(String[]::new));
        }
        int[] widths = new int[header.size()];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean numeric = i >= 2 && i < 2 + profiles.size();
                String cell = row[i];
                String pad = " ".repeat(widths[i] - cell.length());
                line.append(numeric ? pad + cell : cell + pad).append(i + 1 < row.length ? "  " : "");
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                out.append("-".repeat(line.length())).append('\n');
            }
        }
        List<String> notes = new ArrayList<>();
        results.forEach((profile, figures) -> figures.stream().filter(f -> !f.notes().isEmpty())
                .forEach(f -> notes.add(profile + " " + f.name() + ": " + f.notes())));
        if (!notes.isEmpty()) {
            out.append("\nnotes:\n");
            notes.forEach(n -> out.append("  ").append(n).append('\n'));
        }
        return out.toString();
    }
}
