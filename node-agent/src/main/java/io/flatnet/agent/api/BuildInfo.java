package io.flatnet.agent.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The agent's version, as Maven wrote it into {@code build.properties} at build time. */
public final class BuildInfo {
    private static final String VERSION = load();

    private BuildInfo() {}

    public static String version() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
