package io.descartes.hub.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its chromedriver, with a fresh profile under target/.
 * Paths: system property, else environment variable, else the Debian package's location. Selenium
 * Manager never runs: the driver path is given, so nothing is downloaded. Missing binaries fail the
 * test with the install command, they do not skip it.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final String BINARY_PROPERTY = "chromium.binary";
    private static final String BINARY_ENV = "CHROMIUM_BINARY";
    private static final String BINARY_DEFAULT = "/usr/bin/chromium";
    private static final String DRIVER_PROPERTY = "chromedriver.path";
    private static final String DRIVER_ENV = "CHROMEDRIVER_PATH";
    private static final String DRIVER_DEFAULT = "/usr/bin/chromedriver";

    private final Path profile;
    private final ChromeDriver driver;

    public HeadlessChromium() throws IOException {
        Path binary = executable(BINARY_PROPERTY, BINARY_ENV, BINARY_DEFAULT);
        Path driverPath = executable(DRIVER_PROPERTY, DRIVER_ENV, DRIVER_DEFAULT);
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, driverPath.toString());
        Files.createDirectories(Path.of("target"));
        profile = Files.createTempDirectory(Path.of("target"), "chromium-profile-");
        ChromeOptions options = new ChromeOptions().setBinary(binary.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverPath.toFile())
                .usingAnyFreePort().withLogFile(new File("target/chromedriver.log")).build();
        driver = new ChromeDriver(service, options);
    }

    public ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static Path executable(String property, String env, String fallback) {
        Path path = Path.of(TestSetting.of(property, env, fallback));
        if (!Files.isExecutable(path)) {
            throw new AssertionError("no executable at " + path + " (-D" + property + " / " + env + "): the dashboard "
                    + "test needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver");
        }
        return path;
    }
}
