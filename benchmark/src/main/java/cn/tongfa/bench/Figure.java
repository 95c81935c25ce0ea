package cn.tongfa.bench;

/**
 * One measured figure.
 *
 * @param name   dotted name, unique within a profile's run (e.g. {@code hub.items_per_s})
 * @param value  the measured value ({@code NaN} when it could not be measured)
 * @param unit   unit as printed ({@code items/s}, {@code ms}, {@code MiB}, {@code s}, …)
 * @param target the target it is held against, as text (e.g. {@code ≥ 1000}), or empty
 * @param met    whether the target is met; null when there is no target
 * @param notes  how it was measured, what it depends on; may be empty
 */
public record Figure(String name, double value, String unit, String target, Boolean met, String notes) {

    public Figure {
        target = target == null ? "" : target;
        notes = notes == null ? "" : notes;
    }

    /** A figure without a target. */
    public static Figure of(String name, double value, String unit, String notes) {
        return new Figure(name, value, unit, "", null, notes);
    }

    /** A figure that must be at least {@code min}. */
    public static Figure atLeast(String name, double value, String unit, double min, String notes) {
        return new Figure(name, value, unit, "≥ " + format(min), !Double.isNaN(value) && value >= min, notes);
    }

    /** A figure that must be at most {@code max}. */
    public static Figure atMost(String name, double value, String unit, double max, String notes) {
        return new Figure(name, value, unit, "≤ " + format(max), !Double.isNaN(value) && value <= max, notes);
    }

    /** A figure that could not be measured, with the reason. */
    public static Figure failed(String name, String reason) {
        return new Figure(name, Double.NaN, "", "", false, reason);
    }

    /** The value as printed in the table: no decimals from 100 on, two below 10. */
    public String formattedValue() {
        return format(value);
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        double a = Math.abs(v);
        if (a >= 100 || v == Math.rint(v)) {
            return String.format("%,.0f", v);
        }
        return a >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
    }
}
