package cn.tongfa.hub.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;

import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.TableRowAlign;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFRun.FontCharRange;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTFonts;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageMar;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageSz;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTRPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSectPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTcPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STMerge;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;
import org.springframework.stereotype.Component;

/**
 * The report as DOCX, what the office edits in Word or WPS: real heading styles (标题, 标题 1, so the navigation
 * pane shows the six sections), real tables with merged cells, and the conventions of official documents
 * (GB/T 9704): 方正小标宋简体 title, 黑体 headings, 仿宋_GB2312 body at 三号 with two characters' indent, A4 with
 * its margins. Font names only: where a font is missing, Word substitutes.
 */
@Component
class DocxReport {

    static final String TITLE_STYLE = "Title";
    static final String HEADING_STYLE = "Heading1";
    static final String BODY_FONT = "仿宋_GB2312";
    static final String HEADING_FONT = "黑体";
    static final String TITLE_FONT = "方正小标宋简体";

    byte[] render(Report report) {
        try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            styles(doc);
            page(doc);
            XWPFParagraph title = doc.createParagraph();
            title.setStyle(TITLE_STYLE);
            title.setAlignment(ParagraphAlignment.CENTER);
            run(title, report.title(), TITLE_FONT, 22, false);
            for (Report.Section section : report.sections()) {
                XWPFParagraph heading = doc.createParagraph();
                heading.setStyle(HEADING_STYLE);
                heading.setIndentationFirstLine(640);
                run(heading, section.title(), HEADING_FONT, 16, false);
                section.before().forEach(text -> body(doc, text));
                if (section.table() != null) {
                    if (section.table().id().equals("statistics")) {
                        XWPFParagraph caption = doc.createParagraph();
                        caption.setAlignment(ParagraphAlignment.CENTER);
                        run(caption, section.table().caption(), HEADING_FONT, 12, false);
                    }
                    table(doc, section.table());
                }
                section.after().forEach(text -> body(doc, text));
            }
            doc.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void body(XWPFDocument doc, String text) {
        XWPFParagraph paragraph = doc.createParagraph();
        paragraph.setIndentationFirstLine(640);
        paragraph.setAlignment(ParagraphAlignment.BOTH);
        paragraph.setSpacingBetween(28, org.apache.poi.xwpf.usermodel.LineSpacingRule.EXACT);
        run(paragraph, text, BODY_FONT, 16, false);
    }

    private static void table(XWPFDocument doc, Grid grid) {
        int size = grid.columns() > 10 ? 8 : grid.columns() > 4 ? 9 : 10;
        XWPFTable table = doc.createTable(grid.rows().size(), grid.columns());
        table.setWidth("100%");
        table.setTableAlignment(TableRowAlign.CENTER);
        for (Grid.Placed placed : grid.placed()) {
            Grid.Cell cell = placed.cell();
            for (int dr = 0; dr < cell.rowspan(); dr++) {
                for (int dc = 0; dc < cell.colspan(); dc++) {
                    XWPFTableCell target = table.getRow(placed.row() + dr).getCell(placed.col() + dc);
                    CTTcPr tcPr = target.getCTTc().isSetTcPr() ? target.getCTTc().getTcPr()
                            : target.getCTTc().addNewTcPr();
                    if (cell.colspan() > 1) {
                        tcPr.addNewHMerge().setVal(dc == 0 ? STMerge.RESTART : STMerge.CONTINUE);
                    }
                    if (cell.rowspan() > 1) {
                        tcPr.addNewVMerge().setVal(dr == 0 ? STMerge.RESTART : STMerge.CONTINUE);
                    }
                }
            }
            XWPFTableCell target = table.getRow(placed.row()).getCell(placed.col());
            target.setVerticalAlignment(XWPFTableCell.XWPFVertAlign.CENTER);
            XWPFParagraph paragraph = target.getParagraphs().get(0);
            paragraph.setAlignment(cell.value() != null || cell.header() ? ParagraphAlignment.CENTER
                    : ParagraphAlignment.LEFT);
            run(paragraph, cell.text(), cell.header() ? HEADING_FONT : BODY_FONT, size, false);
        }
        doc.createParagraph();
    }

    private static void run(XWPFParagraph paragraph, String text, String font, int points, boolean bold) {
        XWPFRun run = paragraph.createRun();
        run.setText(text);
        run.setFontFamily(font, FontCharRange.eastAsia);
        run.setFontFamily(font, FontCharRange.ascii);
        run.setFontFamily(font, FontCharRange.hAnsi);
        run.setFontSize(points);
        run.setBold(bold);
    }

    /** A4, margins of GB/T 9704 (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm). */
    private static void page(XWPFDocument doc) {
        CTSectPr section = doc.getDocument().getBody().isSetSectPr() ? doc.getDocument().getBody().getSectPr()
                : doc.getDocument().getBody().addNewSectPr();
        CTPageSz size = section.isSetPgSz() ? section.getPgSz() : section.addNewPgSz();
        size.setW(BigInteger.valueOf(11906));
        size.setH(BigInteger.valueOf(16838));
        CTPageMar margins = section.isSetPgMar() ? section.getPgMar() : section.addNewPgMar();
        margins.setTop(BigInteger.valueOf(2098));
        margins.setBottom(BigInteger.valueOf(1984));
        margins.setLeft(BigInteger.valueOf(1588));
        margins.setRight(BigInteger.valueOf(1474));
    }

    private static void styles(XWPFDocument doc) {
        XWPFStyles styles = doc.createStyles();
        styles.addStyle(style(styles, TITLE_STYLE, "Title", null, TITLE_FONT, 44));
        styles.addStyle(style(styles, HEADING_STYLE, "heading 1", 0, HEADING_FONT, 32));
    }

    private static XWPFStyle style(XWPFStyles styles, String id, String name, Integer outline, String font,
            int halfPoints) {
        CTStyle style = CTStyle.Factory.newInstance();
        style.setStyleId(id);
        style.setType(STStyleType.PARAGRAPH);
        style.addNewName().setVal(name);
        style.addNewQFormat();
        if (outline != null) {
            style.addNewPPr().addNewOutlineLvl().setVal(BigInteger.valueOf(outline));
        }
        CTRPr rpr = style.addNewRPr();
        CTFonts fonts = rpr.addNewRFonts();
        fonts.setEastAsia(font);
        fonts.setAscii(font);
        fonts.setHAnsi(font);
        rpr.addNewSz().setVal(BigInteger.valueOf(halfPoints));
        return new XWPFStyle(style, styles);
    }
}
