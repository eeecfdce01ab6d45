package io.descartes.hub.curve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.descartes.hub.testing.LibzmqPeer;
import org.junit.jupiter.api.Test;

/** The key folder's certificates: private, in ZeroMQ's format, made once when processes race, refused when damaged. */
class CurveCertificateTest {

    private static final Path ROOT = Path.of("target", "curve-certificate-test");

    @Test
    void aNewCertificateIsPrivateAndPyzmqLoadsBothFiles() throws Exception {
        Path folder = fresh("private");
        CurveCertificate made = CurveCertificate.loadOrCreate(folder, "server");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("server.key_secret"))));
        assertEquals(made, CurveCertificate.loadOrCreate(folder, "server"), "read back, not made again");

        LibzmqPeer.assumeAvailable();
        String output = LibzmqPeer.runRaw(List.of(), "/peers/load_certificates.py",
                folder.resolve("server.key").toAbsolutePath().toString(),
                folder.resolve("server.key_secret").toAbsolutePath().toString());
        assertTrue(output.contains("public " + made.publicKey() + " secret None"), output);
        assertTrue(output.contains("public " + made.publicKey() + " secret " + made.secretKey()), output);
    }

    @Test
    void processesStartingAtOnceOnOneFolderAgreeOnOnePair() throws Exception {
        for (int round = 0; round < 20; round++) {
            Path folder = fresh("race-" + round);
            int racers = 4;
            CyclicBarrier start = new CyclicBarrier(racers);
            ExecutorService pool = Executors.newFixedThreadPool(racers);
            try {
                List<Future<CurveCertificate>> made = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    Callable<CurveCertificate> racer = () -> {
                        start.await();
                        return CurveCertificate.loadOrCreate(folder, "server");
                    };
                    made.add(pool.submit(racer));
                }
                Set<CurveCertificate> distinct = new HashSet<>();
                for (Future<CurveCertificate> f : made) {
                    distinct.add(f.get());
                }
                assertEquals(1, distinct.size(), "every racer reads the winner's pair");
                CurveCertificate winner = distinct.iterator().next();
                assertEquals(winner.publicKey(), CurveCertificate.read(folder.resolve("server.key")).publicKey());
                try (var left = Files.list(folder)) {
                    assertEquals(2, left.count(), "no temporary file left behind");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aPartialOrCorruptCertificateStopsWithoutQuotingIt() throws Exception {
        Path folder = fresh("corrupt");
        CurveCertificate made = CurveCertificate.loadOrCreate(folder, "server");
        Path secret = folder.resolve("server.key_secret");
        String whole = Files.readString(secret);
        Files.writeString(secret, whole.substring(0, whole.indexOf("secret-key") + 25));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CurveCertificate.loadOrCreate(folder, "server"));
        assertTrue(e.getMessage().contains("corrupt or partial"), e.getMessage());
        assertFalse(e.getMessage().contains(made.secretKey().substring(0, 10)), "no key material in the message");

        Files.writeString(secret, "metadata\ncurve\n");
        assertNotNull(assertThrows(IllegalStateException.class, () -> CurveCertificate.loadOrCreate(folder, "server")));
    }

    private static Path fresh(String name) throws Exception {
        Path folder = ROOT.resolve(name);
        if (Files.exists(folder)) {
            try (var tree = Files.walk(folder)) {
                for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return folder.resolve("zmq");
    }
}
