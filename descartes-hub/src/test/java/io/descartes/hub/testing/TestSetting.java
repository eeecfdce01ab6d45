package io.descartes.hub.testing;

/** A machine-specific test setting (a tool's path): a system property, else an environment variable, else the default. */
public final class TestSetting {

    private TestSetting() {
    }

    public static String of(String property, String env, String fallback) {
        return System.getProperty(property, System.getenv().getOrDefault(env, fallback));
    }
}
