package io.descartes.hub.store;

/** How to open the database (hub.db.*): the URL picks the dialect, which uses the settings that concern it. */
record DatabaseSettings(String url, String user, String password, String journalMode, String synchronous,
                        int busyTimeoutMs, int walAutocheckpointPages, int poolMaxSize, int poolMinIdle, long connectionTimeoutMs) {
}
