package io.sluice.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: a header row, columns padded to their widest cell and two spaces apart;
 * columns of numbers (and {@code -} for none) are aligned right. A null cell shows as {@code -}.
 */
final class Table {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("a row of " + headers + " needs " + headers.size() + " cells, got " + cells.length);
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object c : cells) {
            String text = c == null ? "-" : c.toString();
            row.add(text.isEmpty() ? "-" : text.replace('\n', ' '));
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table, one line per row; {@code none} alone when there are no rows. */
    String render(String none) {
        if (rows.isEmpty()) {
            return none + "\n";
        }
        int n = headers.size();
        int[] width = new int[n];
        boolean[] numeric = new boolean[n];
        for (int c = 0; c < n; c++) {
            width[c] = headers.get(c).length();
            boolean anyNumber = false;
            boolean onlyNumbers = true;
            for (List<String> row : rows) {
                String cell = row.get(c);
                width[c] = Math.max(width[c], cell.length());
                boolean number = cell.matches("[-+]?[0-9][0-9.,]*%?");
                anyNumber |= number;
                onlyNumbers &= number || cell.equals("-");
            }
            numeric[c] = anyNumber && onlyNumbers;
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, width, new boolean[n]);
        for (List<String> row : rows) {
            line(out, row, width, numeric);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] width, boolean[] right) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(width[c] - cell.length());
            if (c > 0) {
                line.append("  ");
            }
            line.append(right[c] ? pad + cell : cell + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
