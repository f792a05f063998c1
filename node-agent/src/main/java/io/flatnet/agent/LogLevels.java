package io.flatnet.agent;

import ch.qos.logback.classic.Level;
import io.flatnet.agent.config.view.NodeView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies BGPConfiguration {@code logSeverityScreen} to the root logger, unless
 * {@code FLATNET_LOG_LEVEL} is set: an operator debugging one node from the command line wins
 * over the cluster-wide file.
 */
final class LogLevels {
    private LogLevels() {}

    static void apply(NodeView view) {
        String env = System.getenv("FLATNET_LOG_LEVEL");
        if (env != null && !env.isBlank()) {
            return;
        }
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(switch (view.logSeverity()) {
                case DEBUG -> Level.DEBUG;
                case INFO -> Level.INFO;
                case WARNING -> Level.WARN;
                case ERROR, FATAL -> Level.ERROR;
            });
        }
    }
}
