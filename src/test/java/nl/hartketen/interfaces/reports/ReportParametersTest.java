package nl.hartketen.interfaces.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import nl.hartketen.domain.chain.CareLevel;
import nl.hartketen.domain.chain.Network;
import nl.hartketen.domain.chain.NetworkMember;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReportParametersTest {

    private static final Network HARTNET = new Network(
            "Organization/hartnet",
            "HartNet",
            List.of(
                    new NetworkMember(
                            "Organization/martini", "Martini", CareLevel.REGIONAL_HOSPITAL, List.of(), Set.of()),
                    new NetworkMember("Organization/umcg", "UMCG", CareLevel.HEART_CENTRE, List.of(), Set.of())));

    @Test
    void aDateIsADayWrittenYearMonthDay() {
        assertEquals(LocalDate.of(2025, 3, 1), ReportParameters.date("from", "2025-03-01"));
        assertEquals(LocalDate.of(2024, 2, 29), ReportParameters.date("from", "2024-02-29"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "March",
                "2025-3-1",
                "01-03-2025",
                "2025-02-30",
                "2025-13-01",
                "+12025-03-01",
                "2025-03-01T10:00",
                " 2025-03-01"
            })
    void anythingElseIsRefusedNamingTheParameterAndTheFormat(String value) {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> ReportParameters.date("periodStart", value));
        assertTrue(refused.getMessage().startsWith("periodStart must be a date, yyyy-MM-dd"), refused.getMessage());
        assertTrue(refused.getMessage().contains("'" + value + "'"), "and says what was sent: " + refused.getMessage());
    }

    @Test
    void aMissingDateIsNamed() {
        assertEquals(
                "periodEnd is required: a date, yyyy-MM-dd",
                assertThrows(IllegalArgumentException.class, () -> ReportParameters.date("periodEnd", null))
                        .getMessage());
    }

    @Test
    void aPeriodThatEndsBeforeItStartsNamesBothParameters() {
        ReportParameters.requireOrdered("from", LocalDate.of(2025, 3, 1), "to", LocalDate.of(2025, 3, 1));
        assertEquals(
                "periodStart (2025-04-01) is after periodEnd (2025-03-01)",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ReportParameters.requireOrdered(
                                        "periodStart", LocalDate.of(2025, 4, 1), "periodEnd", LocalDate.of(2025, 3, 1)))
                        .getMessage());
    }

    @Test
    void anEnumeratedValueIsOneOfThoseAllowedOrNoFilter() {
        assertEquals("urgent", ReportParameters.oneOf("priority", " urgent", ReportParameters.PRIORITIES));
        assertNull(ReportParameters.oneOf("priority", null, ReportParameters.PRIORITIES));
        assertNull(ReportParameters.oneOf("priority", " ", ReportParameters.PRIORITIES));
        assertEquals(
                "priority 'URGENT' is not known; use one of: routine, urgent, asap, stat",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ReportParameters.oneOf("priority", "URGENT", ReportParameters.PRIORITIES))
                        .getMessage());
    }

    @Test
    void anOrganizationIsNamedByIdOrByReference() {
        assertEquals("Organization/hartnet", ReportParameters.organization("network", "hartnet"));
        assertEquals("Organization/hartnet", ReportParameters.organization("network", "Organization/hartnet"));
        assertEquals(
                List.of("Organization/martini", "Organization/umcg"),
                ReportParameters.organizations("organization", "martini, Organization/umcg,"));
        assertEquals(List.of(), ReportParameters.organizations("organization", null));
        for (String value : List.of(
                "Patient/1", "Organization/Organization/hartnet", "hart net", "", "http://x/Organization/hartnet")) {
            IllegalArgumentException refused =
                    assertThrows(IllegalArgumentException.class, () -> ReportParameters.organization("network", value));
            assertTrue(
                    refused.getMessage()
                            .startsWith(
                                    "network must be an Organization id (hartnet) or reference (Organization/hartnet)"),
                    refused.getMessage());
        }
    }

    @Test
    void performersAreTheNetworksMembersOrThoseOfThemAsked() {
        assertEquals(
                Set.of("Organization/martini", "Organization/umcg"),
                ReportParameters.performers("organization", HARTNET, List.of()));
        assertEquals(
                Set.of("Organization/umcg"),
                ReportParameters.performers("subject", HARTNET, List.of("Organization/umcg")));
        assertEquals(
                "organization: Organization/wza is not a member of Organization/hartnet; its members: martini, umcg",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ReportParameters.performers(
                                        "organization", HARTNET, List.of("Organization/martini", "Organization/wza")))
                        .getMessage());
    }
}
