package io.descartes.hub.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import io.descartes.hub.store.SqlDialect;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Counts the hubs' commit notifications: LISTENs on the channel they NOTIFY once per committed batch that stored
 * events, on each database given ({@code --urls=jdbc:postgresql:...,jdbc:postgresql:...}), and prints
 * {@code RESULT notify db=.. notifications=N} whenever a count changed (at most twice a second), until killed. The
 * bench reads the last line before and after a run: notifications per run, against the batches the hubs' metrics
 * counted.
 */
public final class NotifyCounter {

    public static void main(String[] args) throws Exception {
        String[] urls = Stats.arg(args, "urls", "jdbc:postgresql://127.0.0.1:5432/bench_hubs?user=postgres").split(",");
        Connection[] connections = new Connection[urls.length];
        long[] counts = new long[urls.length];
        for (int i = 0; i < urls.length; i++) {
            connections[i] = DriverManager.getConnection(urls[i]);
            try (Statement s = connections[i].createStatement()) {
                s.execute("LISTEN " + SqlDialect.EVENTS_CHANNEL);
            }
            System.out.printf("RESULT notify db=%s notifications=0%n", connections[i].getCatalog());
        }
        long[] printed = counts.clone();
        long nextPrint = 0;
        while (!Thread.currentThread().isInterrupted()) {
            for (int i = 0; i < urls.length; i++) {
                PGNotification[] got = connections[i].unwrap(PGConnection.class).getNotifications(100);
                counts[i] += got == null ? 0 : got.length;
            }
            if (System.nanoTime() - nextPrint < 0) {
                continue;
            }
            nextPrint = System.nanoTime() + 500_000_000L;
            for (int i = 0; i < urls.length; i++) {
                if (counts[i] != printed[i]) {
                    printed[i] = counts[i];
                    System.out.printf("RESULT notify db=%s notifications=%d%n", connections[i].getCatalog(), counts[i]);
                }
            }
        }
    }
}
