package io.descartes.hub.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Columns padded to their widest cell, as ps and docker print them. */
final class Table {

    private static final int MAX_CELL = 48;

    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    Table row(String... cells) {
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i] == null || cells[i].isEmpty() ? "-" : cells[i].replaceAll("\\s+", " ");
            row[i] = cell.length() > MAX_CELL ? cell.substring(0, MAX_CELL - 3) + "..." : cell;
        }
        rows.add(row);
        return this;
    }

    void print(PrintStream out) {
        int[] widths = new int[rows.get(0).length];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        });
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + widths[i] + "s  ", r[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
