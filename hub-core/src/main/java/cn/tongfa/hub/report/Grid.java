package cn.tongfa.hub.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of the report as the national format draws it, with merged cells: rows hold the cells that start in
 * them (as in HTML); {@link #placed()} gives every cell its row and column for DOCX and XLSX.
 */
public record Grid(String id, String caption, int columns, List<List<Cell>> rows) {

    /**
     * @param value a number (件数 as Long, 金额 as BigDecimal) or null for a label
     * @param header a heading cell (黑体 in DOCX, bold in XLSX)
     */
    public record Cell(String text, Number value, int rowspan, int colspan, boolean header) {

        static Cell label(String text) {
            return new Cell(text, null, 1, 1, false);
        }

        static Cell head(String text) {
            return new Cell(text, null, 1, 1, true);
        }

        static Cell number(Number value) {
            return new Cell(value == null ? "" : value.toString(), value, 1, 1, false);
        }

        Cell span(int rows, int cols) {
            return new Cell(text, value, rows, cols, header);
        }
    }

    /** A cell at its place. */
    public record Placed(int row, int col, Cell cell) {
    }

    List<Placed> placed() {
        boolean[][] taken = new boolean[rows.size()][columns];
        List<Placed> placed = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            int c = 0;
            for (Cell cell : rows.get(r)) {
                while (c < columns && taken[r][c]) {
                    c++;
                }
                if (c >= columns) {
                    throw new IllegalStateException(id + ": row " + r + " has too many cells");
                }
                placed.add(new Placed(r, c, cell));
                for (int dr = 0; dr < cell.rowspan(); dr++) {
                    for (int dc = 0; dc < cell.colspan(); dc++) {
                        taken[r + dr][c + dc] = true;
                    }
                }
                c += cell.colspan();
            }
        }
        return placed;
    }
}
