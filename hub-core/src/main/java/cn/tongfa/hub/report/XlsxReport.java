package cn.tongfa.hub.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;

import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.springframework.stereotype.Component;

/** Every table of the report as XLSX, one sheet each, numbers as numbers. Sheet names are {@link #SHEETS}. */
@Component
class XlsxReport {

    static final Map<String, String> SHEETS = Map.of("table2", "表二 主动公开", "table3", "表三 依申请公开",
            "table4", "表四 复议诉讼", "statistics", "渠道与分类统计");

    byte[] render(Report report) {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellStyle head = style(book, true, "黑体");
            CellStyle label = style(book, false, "仿宋");
            CellStyle number = style(book, false, "仿宋");
            number.setAlignment(HorizontalAlignment.CENTER);
            for (Grid grid : report.tables()) {
                Sheet sheet = book.createSheet(SHEETS.get(grid.id()));
                Row titleRow = sheet.createRow(0);
                titleRow.createCell(0).setCellValue(report.title() + " · " + grid.caption());
                titleRow.getCell(0).setCellStyle(head);
                int offset = 1;
                for (int r = 0; r < grid.rows().size(); r++) {
                    Row row = sheet.createRow(r + offset);
                    for (int c = 0; c < grid.columns(); c++) {
                        row.createCell(c).setCellStyle(label);
                    }
                }
                for (Grid.Placed placed : grid.placed()) {
                    Grid.Cell cell = placed.cell();
                    org.apache.poi.ss.usermodel.Cell target = sheet.getRow(placed.row() + offset).getCell(placed.col());
                    if (cell.value() instanceof BigDecimal decimal) {
                        target.setCellValue(decimal.doubleValue());
                        target.setCellStyle(number);
                    } else if (cell.value() != null) {
                        target.setCellValue(cell.value().longValue());
                        target.setCellStyle(number);
                    } else {
                        target.setCellValue(cell.text());
                        target.setCellStyle(cell.header() ? head : label);
                    }
                    if (cell.rowspan() > 1 || cell.colspan() > 1) {
                        CellRangeAddress range = new CellRangeAddress(placed.row() + offset,
                                placed.row() + offset + cell.rowspan() - 1, placed.col(),
                                placed.col() + cell.colspan() - 1);
                        sheet.addMergedRegion(range);
                        for (int r = range.getFirstRow(); r <= range.getLastRow(); r++) {
                            for (int c = range.getFirstColumn(); c <= range.getLastColumn(); c++) {
                                if (r != range.getFirstRow() || c != range.getFirstColumn()) {
                                    sheet.getRow(r).getCell(c).setCellStyle(cell.header() ? head : label);
                                }
                            }
                        }
                    }
                }
                int labelWidth = grid.id().equals("table3") ? 14 : grid.id().equals("table4") ? 10 : 30;
                for (int c = 0; c < grid.columns(); c++) {
                    sheet.setColumnWidth(c, (c == 0 || grid.id().equals("table3") && c < 3 ? labelWidth : 12) * 256);
                }
                if (grid.id().equals("table3")) {
                    sheet.setColumnWidth(2, 40 * 256);
                }
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CellStyle style(XSSFWorkbook book, boolean header, String fontName) {
        CellStyle style = book.createCellStyle();
        Font font = book.createFont();
        font.setFontName(fontName);
        font.setFontHeightInPoints((short) 11);
        style.setFont(font);
        style.setWrapText(true);
        style.setVerticalAlignment(VerticalAlignment.CENTER);
        if (header) {
            style.setAlignment(HorizontalAlignment.CENTER);
        }
        style.setBorderTop(BorderStyle.THIN);
        style.setBorderBottom(BorderStyle.THIN);
        style.setBorderLeft(BorderStyle.THIN);
        style.setBorderRight(BorderStyle.THIN);
        return style;
    }
}
