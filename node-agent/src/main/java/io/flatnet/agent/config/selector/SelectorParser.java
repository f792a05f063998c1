package io.flatnet.agent.config.selector;

import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Recursive descent over the selector text, one character of look-ahead at a time; no separate
 * token list, because the grammar is small and keeping positions in the text makes errors exact.
 *
 * <pre>
 * or      := and ('||' and)*
 * and     := unary ('&amp;&amp;' unary)*
 * unary   := '!' unary | primary
 * primary := '(' or ')' | 'all' '(' ')' | 'has' '(' key ')'
 *          | key ('==' str | '!=' str | 'in' set | 'not' 'in' set)
 * set     := '{' [str (',' str)*] '}'
 * str     := '...' | "..."
 * </pre>
 */
final class SelectorParser {
    private final String text;
    private int pos;

    SelectorParser(String text) {
        this.text = text == null ? "" : text;
    }

    Selector parse() {
        skipSpaces();
        if (pos == text.length()) {
            throw error("the selector is empty; write all() to select everything");
        }
        Selector s = or();
        skipSpaces();
        if (pos < text.length()) {
            throw error("expected '&&', '||' or the end, found " + found());
        }
        return s;
    }

    private Selector or() {
        Selector left = and();
        while (accept("||")) {
            left = new Selector.Or(left, and());
        }
        return left;
    }

    private Selector and() {
        Selector left = unary();
        while (accept("&&")) {
            left = new Selector.And(left, unary());
        }
        return left;
    }

    private Selector unary() {
        skipSpaces();
        if (peek('!') && !text.startsWith("!=", pos)) {
            pos++;
            return new Selector.Not(unary());
        }
        return primary();
    }

    private Selector primary() {
        skipSpaces();
        if (accept("(")) {
            Selector inner = or();
            expect(")", "to close the '('");
            return inner;
        }
        String key = key();
        if (key.isEmpty()) {
            throw error("expected a label name, has(...), all(), '!' or '(', found " + found());
        }
        skipSpaces();
        if (key.equals("all") && accept("(")) {
            expect(")", "after 'all('");
            return new Selector.All();
        }
        if (key.equals("has") && accept("(")) {
            skipSpaces();
            String label = key();
            if (label.isEmpty()) {
                throw error("expected a label name inside has(...), found " + found());
            }
            expect(")", "after has(" + label);
            return new Selector.Has(label);
        }
        if (accept("==")) {
            return new Selector.Equals(key, string());
        }
        if (accept("!=")) {
            return new Selector.NotEquals(key, string());
        }
        int before = pos;
        String word = key();
        if (word.equals("in")) {
            return new Selector.In(key, set());
        }
        if (word.equals("not")) {
            skipSpaces();
            if (key().equals("in")) {
                return new Selector.NotIn(key, set());
            }
            pos = before;
        } else {
            pos = before;
        }
        if (text.startsWith("=", pos)) {
            throw error("expected '==', '!=', 'in' or 'not in' after label '" + key + "', found '=' (write '==')");
        }
        throw error("expected '==', '!=', 'in' or 'not in' after label '" + key + "', found " + found());
    }

    private SortedSet<String> set() {
        expect("{", "to open the set of values");
        SortedSet<String> values = new TreeSet<>();
        skipSpaces();
        if (accept("}")) {
            return values;
        }
        do {
            values.add(string());
        } while (accept(","));
        expect("}", "to close the set (values are separated by ',')");
        return values;
    }

    private String string() {
        skipSpaces();
        if (pos >= text.length() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
            throw error("expected a quoted value such as 'value', found " + found());
        }
        char quote = text.charAt(pos);
        int end = text.indexOf(quote, pos + 1);
        if (end < 0) {
            throw error("the value opened with " + quote + " is never closed");
        }
        String value = text.substring(pos + 1, end);
        pos = end + 1;
        return value;
    }

    /** A label name as Kubernetes allows it: letters, digits, and - _ . / (for a prefix). */
    private String key() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '/') {
                pos++;
            } else {
                break;
            }
        }
        return text.substring(start, pos);
    }

    private boolean accept(String token) {
        skipSpaces();
        if (text.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private void expect(String token, String why) {
        if (!accept(token)) {
            throw error("expected '" + token + "' " + why + ", found " + found());
        }
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private String found() {
        skipSpaces();
        if (pos >= text.length()) {
            return "the end";
        }
        int end = pos + 1;
        while (end < text.length() && end < pos + 12 && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return "'" + text.substring(pos, end) + "'";
    }

    private SelectorSyntaxException error(String message) {
        skipSpaces();
        return new SelectorSyntaxException(pos + 1, message);
    }
}
