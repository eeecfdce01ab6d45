package io.descartes.hub.agents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's state as the kernel reports it. Not a helper of AgentsZmqTest: reaching it through that class would run
 * its static set-up (a fresh database) under it while it runs in another test JVM.
 */
final class ProcessState {

    private ProcessState() {
    }

    /** The state letter of /proc/<pid>/stat: R running, S sleeping, T stopped. */
    static char of(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }
}
