package io.descartes.hub.agents;

import java.util.function.Predicate;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * The {@code filter} of an output query: a regex found anywhere in a line. RE2 syntax (RE2/J), whose matching takes
 * time linear in the line, so no pattern can pin a core; it has no backreferences or lookaround.
 */
public final class OutputFilter implements Predicate<String> {

    private final Pattern pattern;

    private OutputFilter(Pattern pattern) {
        this.pattern = pattern;
    }

    /** @throws IllegalArgumentException naming what RE2 does not accept in the pattern */
    public static OutputFilter of(String regex) {
        try {
            return new OutputFilter(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getDescription() + " in '" + regex + "' (RE2 syntax)", e);
        }
    }

    @Override
    public boolean test(String line) {
        return pattern.matcher(line).find();
    }
}
