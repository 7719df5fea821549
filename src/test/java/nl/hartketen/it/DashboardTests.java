package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The coordinators' dashboard in a real headless Chromium (Debian's chromium and chromium-driver, which .ci/run
 * installs): it loads, its charts show the figures of referrals whose waits are known, and the filters change them.
 * Two referrals of De Linde were seen at Martini in June 2024 after 5 and 15 days; no other test has waits then.
 */
abstract class DashboardTests extends ContainerTest {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    private WebDriver browser;
    private MartiniReferrals referrals;

    @BeforeEach
    void openBrowser() {
        Assumptions.assumeTrue(
                CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run installs them)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1400,1100");
        browser = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(CHROMEDRIVER)
                        .build(),
                options);
        referrals = new MartiniReferrals(this);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theChartsShowTheReportsFiguresAndTheFiltersChangeThem() throws Exception {
        referrals.seen("2024-06-03T09:00", "2024-06-08T09:00"); // 5 days
        referrals.seen("2024-06-03T10:00", "2024-06-18T10:00"); // 15 days

        browser.get(base.toString() + "dashboard");
        browser.findElement(By.id("token")).sendKeys(MartiniReferrals.coordinatorToken());
        browser.findElement(By.cssSelector("#signin button")).click();
        awaitLoaded("access");
        show("2024-06-01", "2024-06-30", "access");

        Map<String, Object> access = chart("access-chart");
        List<?> labels = (List<?>) access.get("labels");
        int martiniIndex = labels.indexOf("Martini Ziekenhuis");
        assertTrue(martiniIndex >= 0, "Martini is in the chart: " + labels);
        assertEquals(5L, dataset(access, 0).get(martiniIndex), "p50 of 5 and 15 days (nearest rank)");
        assertEquals(15L, dataset(access, 1).get(martiniIndex), "p80");
        assertEquals(List.of(21L, 28L), access.get("norms"), "the Treeknorm's target and maximum lines");
        assertTrue(
                browser.findElement(By.id("access-table"))
                        .getText()
                        .contains("Martini Ziekenhuis 2 5 15 15 15 10 100.0% 100.0%"),
                browser.findElement(By.id("access-table")).getText());
        Map<String, Object> trend = chart("trend-chart");
        assertEquals(List.of("2024-06"), trend.get("labels"));
        assertEquals(List.of(5L), dataset(trend, 0));
        assertTrue(
                browser.findElement(By.id("waiting-table")).getText().contains("Loops closed"),
                "the loop-closure rate per hospital");
        screenshot("dashboard.png");

        show("2024-07-01", "2024-07-31", "treatment");

        assertEquals(
                -1,
                ((List<?>) chart("access-chart").get("labels")).indexOf("Martini Ziekenhuis"),
                "nothing ended at Martini in July 2024");
        assertEquals(List.of(), chart("trend-chart").get("labels"));
        assertTrue(
                browser.findElement(By.id("status")).getText().contains("2024-07-01"),
                browser.findElement(By.id("status")).getText());
    }

    @Test
    void aUserWhoMayNotSeeTheReportIsToldWhy() {
        browser.get(base.toString() + "dashboard/");
        browser.findElement(By.id("token")).sendKeys(referrals.gpToken());
        browser.findElement(By.cssSelector("#signin button")).click();

        WebElement status = browser.findElement(By.id("status"));
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ignored -> status.getText().startsWith("Could not load"));
        assertTrue(status.getText().contains("403"), status.getText());
    }

    /**
     * The annual-figures page on the Martini's 2016, which no other test writes: a physical first visit in March, a
     * video consult in April and a PCI in May on its own patient; nothing in 2015.
     */
    @Test
    void theAnnualFiguresPageChartsAHospitalsYearBesideTheYearBefore() throws Exception {
        ServiceRequest referral = referrals.seen("2016-03-01T09:00", "2016-03-08T09:00"); // 7 days
        referrals.contact(referral, "video", "2016-04-10T11:00");
        referrals.treated(referral, "pci", "2016-05-02T10:00");

        browser.get(base.toString() + "dashboard/figures.html");
        browser.findElement(By.id("token")).sendKeys(MartiniReferrals.coordinatorToken());
        setValue("year", "2016");
        browser.findElement(By.cssSelector("#signin button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ignored -> "Organization/umcg/2016"
                        .equals(browser.findElement(By.tagName("body")).getAttribute("data-loaded")));
        setValue("organization", "martini");
        browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ignored -> "Organization/martini/2016"
                        .equals(browser.findElement(By.tagName("body")).getAttribute("data-loaded")));

        Map<String, Object> procedures = chart("procedures-chart");
        int pci = ((List<?>) procedures.get("labels")).indexOf("Percutaneous coronary intervention (PCI)");
        assertEquals(1L, dataset(procedures, 0).get(pci), "2016, own patients");
        assertEquals(0L, dataset(procedures, 1).get(pci), "2016, referred on");
        assertEquals(0L, dataset(procedures, 2).get(pci), "2015");
        Map<String, Object> contacts = chart("contacts-chart");
        assertEquals(List.of("Physical", "Telephone", "Video", "Written", "Telemonitoring"), contacts.get("labels"));
        assertEquals(List.of(1L, 0L, 1L, 0L, 0L), dataset(contacts, 0));
        assertEquals(List.of(0L, 0L, 0L, 0L, 0L), dataset(contacts, 1));
        Map<String, Object> access = chart("access-chart");
        assertEquals(List.of(14L), access.get("norms"), "the chest-pain clinic's own norm");
        assertEquals(7L, dataset(access, 0).get(0), "p50 of the one first visit");
        Map<String, Object> digital = chart("digital-chart");
        assertEquals(12, ((List<?>) digital.get("labels")).size(), "every month of 2016");
        assertEquals(List.of(25L), digital.get("norms"), "the ambition, 25 % digital");
        List<?> shares = dataset(digital, 0);
        assertEquals(0L, shares.get(2), "March: the physical first visit");
        assertEquals(100L, shares.get(3), "April: the video consult");
        assertTrue(
                browser.findElement(By.id("procedures-table"))
                        .getText()
                        .contains("Percutaneous coronary intervention (PCI) 1 0 – 0 0.0%"),
                browser.findElement(By.id("procedures-table")).getText());
        screenshot("figures.png");
    }

    private void show(String from, String to, String trendMeasure) {
        setValue("from", from);
        setValue("to", to);
        setValue("trend-measure", trendMeasure);
        browser.findElement(By.cssSelector("#filters button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ignored -> (from + "/" + to + "/" + trendMeasure)
                        .equals(browser.findElement(By.tagName("body")).getAttribute("data-loaded")));
    }

    private void awaitLoaded(String trendMeasure) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ignored -> {
            String loaded = browser.findElement(By.tagName("body")).getAttribute("data-loaded");
            return loaded != null && loaded.endsWith("/" + trendMeasure);
        });
    }

    private void setValue(String id, String value) {
        ((JavascriptExecutor) browser)
                .executeScript("document.getElementById(arguments[0]).value = arguments[1]", id, value);
    }

    /** What Chart.js holds for a chart: its labels and datasets, as drawn. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> chart(String canvas) {
        return (Map<String, Object>) ((JavascriptExecutor) browser)
                .executeScript(
                        "const chart = Chart.getChart(arguments[0]);"
                                + "return {labels: chart.data.labels, datasets: chart.data.datasets.map(d => d.data),"
                                + " norms: (chart.options.plugins.normLines?.lines || []).map(line => line.days)};",
                        canvas);
    }

    private static List<?> dataset(Map<String, Object> chart, int index) {
        return (List<?>) ((List<?>) chart.get("datasets")).get(index);
    }

    private void screenshot(String name) throws Exception {
        Path target = Path.of("target", "screenshots");
        Files.createDirectories(target);
        Files.copy(
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
                target.resolve(name),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
