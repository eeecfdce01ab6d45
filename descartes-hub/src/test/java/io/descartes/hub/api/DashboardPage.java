package io.descartes.hub.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard as a user sees it: what it shows (DOM text) and what can be clicked. Every read
 * polls until the page shows what is expected; the page re-renders rows as events arrive, so a
 * stale element is looked up again.
 */
final class DashboardPage {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final ChromeDriver driver;
    private final FluentWait<WebDriver> wait;

    DashboardPage(ChromeDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, TIMEOUT, Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class);
    }

    void open(String url) {
        driver.get(url);
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** Waits until the element's text passes the check, and returns that text. */
    String waitForText(By element, String what, Predicate<String> check) {
        return wait.withMessage(() -> what + "; shown: '" + text(element) + "', page notice: '" + text(By.id("notice")) + "'")
                .until(d -> {
                    List<WebElement> found = d.findElements(element);
                    return !found.isEmpty() && check.test(found.get(0).getText()) ? found.get(0).getText() : null;
                });
    }

    void click(By element) {
        wait.withMessage(() -> "clickable: " + element).until(d -> {
            WebElement target = d.findElement(element);
            if (!target.isDisplayed() || !target.isEnabled()) {
                return false;
            }
            target.click();
            return true;
        });
    }

    void type(By field, String text) {
        WebElement input = driver.findElement(field);
        input.clear();
        input.sendKeys(text);
    }

    /** The text of a visible element, "" for a hidden one. */
    String shown(By element) {
        return driver.findElement(element).getText();
    }

    void spawn(String name, String backend, String task) {
        type(By.id("spawn-name"), name);
        type(By.id("spawn-backend"), backend);
        type(By.id("spawn-task"), task);
        click(By.cssSelector("#spawn-form button[type=submit]"));
    }

    /** Opens a bus channel's conversation from the list of channels. */
    void openChannel(String channel) {
        click(By.cssSelector("#channels button[data-channel='" + channel + "']"));
    }

    void sendToChannel(String sender, String text) {
        type(By.id("channel-sender"), sender);
        type(By.id("channel-text"), text);
        click(By.cssSelector("#channel-send button[type=submit]"));
    }

    /** The id of the agent listed under this name. */
    String agentId(String name) {
        return wait.withMessage(() -> "agent " + name + " listed").until(d -> d.findElements(By.cssSelector("#agents tr"))
                .stream().filter(row -> row.findElement(By.cssSelector("button.open")).getText().equals(name))
                .map(row -> row.getAttribute("data-agent-id")).findFirst().orElse(null));
    }

    static By agentStatus(String agentId) {
        return By.cssSelector("#agents tr[data-agent-id='" + agentId + "'] td.status");
    }

    /** The text of one of the agent's cells, by class (status, reason, started, ended, exit, runner). */
    static By agentCell(String agentId, String cell) {
        return By.cssSelector("#agents tr[data-agent-id='" + agentId + "'] td." + cell);
    }

    /** The agent's control commands whose buttons can be clicked now. */
    List<String> enabledCommands(String agentId) {
        return driver.findElements(By.cssSelector("#agents tr[data-agent-id='" + agentId + "'] button[data-command]"))
                .stream().filter(WebElement::isEnabled).map(b -> b.getAttribute("data-command")).toList();
    }

    /** Waits until exactly these commands are enabled for the agent. */
    void waitForEnabledCommands(String agentId, List<String> commands) {
        wait.withMessage(() -> "commands " + commands + " enabled for " + agentId + ", shown: " + enabledCommands(agentId))
                .until(d -> enabledCommands(agentId).equals(commands));
    }

    void control(String agentId, String command) {
        click(By.cssSelector("#agents tr[data-agent-id='" + agentId + "'] button[data-command='" + command + "']"));
    }

    /** Event ids the stream list shows for an agent, oldest first. */
    List<Long> shownEventIds(String agentId) {
        @SuppressWarnings("unchecked")
        List<Number> ids = (List<Number>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll('#events li')].filter(li => li.dataset.agentId === arguments[0])"
                        + ".map(li => Number(li.dataset.eventId)).reverse();", agentId);
        return ids.stream().map(Number::longValue).toList();
    }

    List<String> shownEventTypes() {
        return driver.findElements(By.cssSelector("#events li")).stream().map(li -> li.getAttribute("data-event-type")).toList();
    }

    void filter(String agentId, String eventType) {
        new Select(driver.findElement(By.id("filter-agent"))).selectByValue(agentId);
        type(By.id("filter-type"), eventType);
        driver.findElement(By.id("filter-type")).sendKeys(Keys.TAB); // "change" fires when the field is left
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    private String text(By element) {
        List<WebElement> found = driver.findElements(element);
        try {
            return found.isEmpty() ? "<absent>" : found.get(0).getText();
        } catch (StaleElementReferenceException e) {
            return "<re-rendered>";
        }
    }
}
