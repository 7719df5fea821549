package nl.hartketen.domain.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import nl.hartketen.domain.shared.DutchTime;
import nl.hartketen.domain.shared.RuleViolation;
import org.junit.jupiter.api.Test;

class ChainRulesTest {

    private static final CareService OUTPATIENT = new CareService(
            "outpatient-cardiology", "Outpatient cardiology", CareLevel.REGIONAL_HOSPITAL, Set.of("183519002"));
    private static final CareService PCI =
            new CareService("pci", "PCI", CareLevel.REGIONAL_HOSPITAL, Set.of("415070008"));
    private static final CareService CABG =
            new CareService("cabg", "CABG", CareLevel.HEART_CENTRE, Set.of("232717009"));

    private static final GeoPoint HAREN = new GeoPoint(53.1730, 6.6040);
    private static final NetworkMember UMCG = new NetworkMember(
            "Organization/umcg",
            "UMCG",
            CareLevel.HEART_CENTRE,
            List.of(new GeoPoint(53.2220, 6.5760)),
            Set.of("outpatient-cardiology", "pci", "cabg"));
    private static final NetworkMember MARTINI = new NetworkMember(
            "Organization/martini",
            "Martini",
            CareLevel.REGIONAL_HOSPITAL,
            List.of(new GeoPoint(53.2000, 6.5890)),
            Set.of("outpatient-cardiology", "pci"));
    private static final NetworkMember WZA = new NetworkMember(
            "Organization/wza",
            "WZA",
            CareLevel.REGIONAL_HOSPITAL,
            List.of(new GeoPoint(52.9920, 6.5510)),
            Set.of("outpatient-cardiology"));
    private static final NetworkMember PRACTICE =
            new NetworkMember("Organization/hap", "De Linde", CareLevel.GP_PRACTICE, List.of(HAREN), Set.of());
    private static final Network HARTNET =
            new Network("Organization/hartnet", "HartNet", List.of(UMCG, MARTINI, WZA, PRACTICE));

    @Test
    void aReferralForAServiceThePerformerDoesNotOfferIsRefusedNamingWhoOffersIt() {
        RuleViolation refused =
                assertThrows(RuleViolation.class, () -> ChainRules.checkReferral(HARTNET, WZA, PCI, true));
        assertEquals("ServiceRequest.performer", refused.location());
        assertEquals("WZA does not offer PCI (pci) in HartNet; it is offered by UMCG, Martini", refused.getMessage());
    }

    @Test
    void aGpReferringStraightToTheHeartCentreForRegionalCareIsWarned() {
        List<String> warnings = ChainRules.checkReferral(HARTNET, UMCG, OUTPATIENT, true);
        assertEquals(1, warnings.size());
        assertTrue(
                warnings.get(0)
                        .startsWith(
                                "UMC only when needed: Outpatient cardiology (outpatient-cardiology) is offered by regional members of HartNet (Martini, WZA)"),
                warnings.get(0));
        assertEquals(List.of(), ChainRules.checkReferral(HARTNET, UMCG, CABG, true), "CABG needs the heart centre");
        assertEquals(
                List.of(),
                ChainRules.checkReferral(HARTNET, UMCG, OUTPATIENT, false),
                "a hospital referring on is not warned");
        assertEquals(List.of(), ChainRules.checkReferral(HARTNET, MARTINI, PCI, true));
    }

    @Test
    void onlyTheHospitalAReferralWentToRefersThePatientOnOrBack() {
        ChainRules.checkActingOn(
                "ServiceRequest/1", Set.of("Organization/martini"), "Organization/martini", "refers that patient on");
        RuleViolation notReceived = assertThrows(
                RuleViolation.class,
                () -> ChainRules.checkActingOn(
                        "ServiceRequest/1",
                        Set.of("Organization/martini"),
                        "Organization/wza",
                        "refers that patient on"));
        assertEquals("ServiceRequest.basedOn", notReceived.location());
        assertEquals(
                "only the organization ServiceRequest/1 was sent to (Organization/martini) refers that patient on",
                notReceived.getMessage());

        Set<String> umcg = Set.of("Organization/umcg");
        Set<String> martini = Set.of("Organization/martini");
        ChainRules.checkBackReferral(
                "ServiceRequest/2", umcg, martini, "Organization/umcg", "Organization/martini", true);
        assertEquals(
                "ServiceRequest.basedOn",
                assertThrows(
                                RuleViolation.class,
                                () -> ChainRules.checkBackReferral(
                                        "ServiceRequest/2",
                                        umcg,
                                        martini,
                                        "Organization/wza",
                                        "Organization/martini",
                                        true))
                        .location());
        RuleViolation wrongAddress = assertThrows(
                RuleViolation.class,
                () -> ChainRules.checkBackReferral(
                        "ServiceRequest/2", umcg, martini, "Organization/umcg", "Organization/hap", true));
        assertEquals("ServiceRequest.performer", wrongAddress.location());
        assertTrue(wrongAddress.getMessage().contains("Organization/martini"), wrongAddress.getMessage());
        assertEquals(
                "ServiceRequest.supportingInfo",
                assertThrows(
                                RuleViolation.class,
                                () -> ChainRules.checkBackReferral(
                                        "ServiceRequest/2",
                                        umcg,
                                        martini,
                                        "Organization/umcg",
                                        "Organization/martini",
                                        false))
                        .location());
    }

    @Test
    void routingProposesTheNearestRegionalHospitalsAndTheHeartCentreOnlyWhenNeeded() {
        List<Routing.Candidate> outpatient = Routing.suggest(HARTNET, OUTPATIENT, HAREN);
        assertEquals(
                List.of("Organization/martini", "Organization/wza"),
                outpatient.stream().map(c -> c.member().organization()).toList());
        double toMartini = outpatient.get(0).kilometres().orElseThrow();
        assertTrue(toMartini > 2.5 && toMartini < 4.0, "Haren to the Martini is about 3 km, not " + toMartini);

        List<Routing.Candidate> cabg = Routing.suggest(HARTNET, CABG, HAREN);
        assertEquals(
                List.of("Organization/umcg"),
                cabg.stream().map(c -> c.member().organization()).toList());

        List<Routing.Candidate> unknownPlace = Routing.suggest(HARTNET, PCI, null);
        assertEquals(
                List.of("Organization/martini"),
                unknownPlace.stream().map(c -> c.member().organization()).toList());
        assertTrue(unknownPlace.get(0).kilometres().isEmpty());
    }

    @Test
    void accessTimeIsTheNearestRankMedianOfWholeCalendarDays() {
        assertEquals(
                OptionalInt.of(10),
                AccessTime.of(List.of(30, 10, 5, 12), 3).medianDays(),
                "rank ceil(0.5*4)=2 of 5,10,12,30");
        assertEquals(
                OptionalInt.of(12), AccessTime.of(List.of(30, 10, 5, 12, 40), 0).medianDays());
        AccessTime none = AccessTime.of(List.of(), 2);
        assertTrue(none.medianDays().isEmpty());
        assertEquals(2, none.waitingNow());
        // 23:30 on 28 March (CET) to 00:30 on 30 March (CEST, clocks forward on the 29th): two days in Amsterdam, one
        // by UTC dates.
        assertEquals(
                2, DutchTime.daysBetween(Instant.parse("2026-03-28T22:30:00Z"), Instant.parse("2026-03-29T22:30:00Z")));
        assertEquals(
                0, DutchTime.daysBetween(Instant.parse("2026-11-02T23:30:00Z"), Instant.parse("2026-11-02T23:45:00Z")));
    }
}
