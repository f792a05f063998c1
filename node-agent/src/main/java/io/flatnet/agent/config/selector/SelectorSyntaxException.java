package io.flatnet.agent.config.selector;

/**
 * Selector text that does not parse. The message says where (1-based column), what was found
 * and what would have been accepted, e.g. {@code at column 5: expected '==', '!=', 'in' or
 * 'not in' after label 'rack', found '='}.
 */
public final class SelectorSyntaxException extends IllegalArgumentException {
    private final int column;

    SelectorSyntaxException(int column, String message) {
        super("at column " + column + ": " + message);
        this.column = column;
    }

    public int column() {
        return column;
    }
}
