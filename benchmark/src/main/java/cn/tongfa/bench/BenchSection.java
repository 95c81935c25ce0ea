package cn.tongfa.bench;

import java.util.List;

/**
 * One part of the benchmark: it measures something against the environment the runner prepared and answers
 * its figures. Sections run in the order {@link Bench#SECTIONS} lists them, once per profile; a later section
 * can read the figures of an earlier one ({@link BenchContext#figure(String)}), e.g. to state a ratio.
 *
 * <p>A section that fails does not stop the run: the runner records the failure as a figure and goes on.
 */
public interface BenchSection {

    /** Short name, the prefix of its figures' names (e.g. {@code baseline}). */
    String name();

    /** Whether this section has something to measure on the given profile ({@code embedded} or {@code postgres}). */
    default boolean runsOn(String profile) {
        return true;
    }

    List<Figure> run(BenchContext ctx) throws Exception;
}
