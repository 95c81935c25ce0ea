package cn.tongfa.hub.content;

import java.util.List;

/**
 * The outcome of {@link ContentCheck#check(ContentInput)}.
 *
 * @param sanitizedBodyHtml the body with everything outside the allow-list removed: store and publish this in
 *                          place of what the editor sent
 * @param bodyChanged       whether the sanitiser removed anything (the warnings say what)
 * @param problems          what blocks submission and publication, in the order of the form's fields
 * @param warnings          what the editor should know but need not fix: content the sanitiser removed, and
 *                          personal data the editor has marked as reviewed
 */
public record ContentReport(String sanitizedBodyHtml, boolean bodyChanged, List<ContentProblem> problems,
        List<ContentProblem> warnings) {

    public ContentReport {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /** Whether the item may be submitted or published: no problems (warnings do not count). */
    public boolean passed() {
        return problems.isEmpty();
    }
}
