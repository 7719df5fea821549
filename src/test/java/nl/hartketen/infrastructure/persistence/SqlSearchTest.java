package nl.hartketen.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import nl.hartketen.application.access.Relation;
import nl.hartketen.application.storage.SearchKey;
import nl.hartketen.application.storage.SearchQuery;
import nl.hartketen.application.storage.StoredResource;
import nl.hartketen.domain.patient.Bsn;
import nl.hartketen.domain.shared.DuplicateIdentifier;
import nl.hartketen.testsupport.MiddleLayer;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * FHIR searches as a client writes them, read by SearchRequest, run by SqlSearch on the real schema over resources
 * indexed by the real SearchParameters: each search must find exactly the resources it names. The resources are stored
 * once; a test that changes them is rolled back.
 */
class SqlSearchTest {

    private static final String OTHER = "http://example.org/other-numbers";
    private static final String MARTINI = "Organization/martini";
    private static final String UMCG = "Organization/umcg";
    private static final String LINDE = "Organization/hap-de-linde";
    /** 10:00 in Amsterdam on 2 and 3 March 2026 (UTC+1). */
    private static final Instant MONDAY = Instant.parse("2026-03-02T09:00:00Z");

    private static final Instant TUESDAY = Instant.parse("2026-03-03T09:00:00Z");

    private static MiddleLayer layer;

    @BeforeAll
    static void storeThePatientsAndTheirRequests() {
        layer = MiddleLayer.open();
        layer.clock().set(MONDAY);
        layer.store(patient("p1", "de Vries", "Jan", AdministrativeGender.MALE, "1950-04-12")
                .addIdentifier(bsn("999999990")));
        layer.store(patient("p2", "Vriesema", "Anna", AdministrativeGender.FEMALE, "1962-11-30")
                .addIdentifier(bsn("111222333")));
        layer.clock().set(TUESDAY);
        Patient p3 = patient("p3", "Öztürk", "Emre", AdministrativeGender.MALE, "1975-01-01");
        p3.addIdentifier().setSystem(OTHER).setValue("999999990"); // p1's BSN as a number in another system
        layer.store(p3);
        Patient p4 = patient("p4", "Bakker", "Els", null, "1962");
        p4.addIdentifier().setValue("no-system-1");
        layer.store(p4);

        layer.clock().set(TUESDAY.plus(Duration.ofHours(1)));
        // sr1 and sr2 at the same instant: the id decides their order; sr1 names its performer twice
        layer.store(request("sr1", "p1", ServiceRequest.ServiceRequestStatus.ACTIVE, "2026-02-10", MARTINI, MARTINI));
        layer.store(
                request("sr2", "p1", ServiceRequest.ServiceRequestStatus.COMPLETED, "2026-02-20T16:30:00+01:00", UMCG));
        layer.clock().advance(Duration.ofMinutes(1));
        layer.store(
                request("sr3", "p2", ServiceRequest.ServiceRequestStatus.ACTIVE, "2026-03-01T00:30:00+01:00", MARTINI));
        layer.store(request("sr4", "p3", ServiceRequest.ServiceRequestStatus.ACTIVE, "2026-02-28T23:30:00Z", UMCG));

        // the GP practice sent sr1 and sr3; the Martini received them; the UMCG only sr2 and sr4
        layer.access().involve("ServiceRequest/sr1", List.of(LINDE), Relation.SENDER);
        layer.access().involve("ServiceRequest/sr3", List.of(LINDE), Relation.SENDER);
        layer.access().involve("ServiceRequest/sr1", List.of(MARTINI), Relation.RECEIVER);
        layer.access().involve("ServiceRequest/sr3", List.of(MARTINI), Relation.RECEIVER);
        layer.access().involve("ServiceRequest/sr2", List.of(UMCG), Relation.RECEIVER);
        layer.access().involve("ServiceRequest/sr4", List.of(UMCG), Relation.RECEIVER);
        layer.commit();
    }

    @AfterEach
    void undoChanges() {
        layer.rollback();
    }

    @AfterAll
    static void dropTheDatabase() {
        layer.close();
    }

    @ParameterizedTest(name = "Patient?{0} finds {1}")
    @CsvSource(
            delimiter = ' ',
            value = {
                // tokens: system|code, code in any system, system only, no system, :not (also those without the
                // element)
                "identifier=http://fhir.nl/fhir/NamingSystem/bsn|999999990 p1",
                "identifier=999999990 p1,p3",
                "identifier=http://example.org/other-numbers| p3",
                "identifier=|no-system-1 p4",
                "identifier=|999999990 -",
                "gender=male p1,p3",
                "gender:not=male p2,p4",
                // strings: a normalized prefix of any word's start, :contains, :exact
                "family=vries p2",
                "family=DE p1",
                "family=oz p3",
                "family:contains=vries p1,p2",
                "family:exact=de%20vries p1",
                "family:exact=de -",
                "name=jan p1",
                // dates: the day, month or year a value covers, against the searched range (p4 born in 1962, day
                // unknown)
                "birthdate=1950-04 p1",
                "birthdate=1962 p2,p4",
                "birthdate=ge1962-11-30 p2,p3,p4",
                "birthdate=lt1962-11-30 p1,p4",
                "birthdate=gt1962-06-01 p2,p3,p4",
                "birthdate=ge1950&birthdate=lt1970 p1,p2,p4",
                // OR within a parameter, AND between parameters
                "family=vriesema,oz p2,p3",
                "gender=male&family=oz p3",
                "gender=female,male&birthdate=lt1970 p1,p2",
                "_id=p1,p4 p1,p4",
                // _lastUpdated: p1 and p2 were stored on Monday, p3 and p4 on Tuesday (Dutch days)
                "_lastUpdated=lt2026-03-03 p1,p2",
                "_lastUpdated=ge2026-03-03 p3,p4",
                "_lastUpdated=2026-03-02 p1,p2",
                "_lastUpdated=ge2026-03-03T10:00:00+01:00&_lastUpdated=lt2026-03-03T10:00:01+01:00 p3,p4"
            })
    void patientSearches(String query, String expected) {
        assertFound(expected, "Patient", query.replace("%20", " "));
    }

    @ParameterizedTest(name = "ServiceRequest?{0} finds {1}")
    @CsvSource(
            delimiter = ' ',
            value = {
                "subject=Patient/p1 sr1,sr2",
                "patient=p1 sr1,sr2",
                "subject:Patient=p2 sr3",
                "subject=Patient/p1&status=active sr1",
                "performer=Organization/martini sr1,sr3",
                "performer=Organization/martini,Organization/umcg&status=completed sr2",
                "status:not=active sr2",
                "category=http://snomed.info/sct|3457005 sr1,sr2,sr3,sr4",
                "category=http://example.org/elsewhere|3457005 -",
                // authored times are read as Dutch time: sr3 at 00:30 on 1 March, sr4 at 00:30 too (23:30 UTC the day
                // before)
                "authored=2026-03-01 sr3,sr4",
                "authored=2026-02 sr1,sr2",
                "authored=ge2026-02-15&authored=lt2026-03-01 sr2",
                "authored=le2026-02-20T16:00:00+01:00 sr1",
                "authored=ge2026-02-20T16:30:00+01:00&authored=lt2026-03 sr2",
                "subject=Patient/p1&authored=ge2026-02-11,lt2026-02-10 sr2",
                "subject=Patient/nobody -"
            })
    void requestSearches(String query, String expected) {
        assertFound(expected, "ServiceRequest", query);
    }

    @Test
    void aSearchNarrowedToAnOrganizationFindsOnlyWhatItIsInvolvedWith() {
        SearchQuery active = layer.query("ServiceRequest", "status=active");
        assertEquals(Set.of("sr1", "sr3", "sr4"), ids(active));
        assertEquals(Set.of("sr1", "sr3"), ids(active.involving(LINDE)));
        assertEquals(Set.of("sr4"), ids(active.involving(UMCG)));
        assertEquals(Set.of(), ids(active.involving("Organization/elsewhere")));
        assertEquals(
                Set.of("sr1"),
                ids(layer.query("ServiceRequest", "subject=Patient/p1").involving(MARTINI)),
                "also when the search starts from the patient's index entries");
        assertEquals(
                1,
                layer.resources()
                        .count(layer.query("ServiceRequest", "subject=Patient/p1")
                                .involving(MARTINI)));
    }

    @Test
    void pagesComeNewestFirstOrOldestFirstWithTheIdBreakingTies() {
        assertEquals(List.of("sr4", "sr3", "sr2", "sr1"), page("ServiceRequest", "", null, 10));
        assertEquals(List.of("sr1", "sr2", "sr3", "sr4"), page("ServiceRequest", "_sort=_lastUpdated", null, 10));
        assertEquals(List.of("p4", "p3"), page("Patient", "", null, 2));
        assertEquals(List.of("p2", "p1"), page("Patient", "", "p3", 2));
        assertEquals(List.of(), page("Patient", "", "p1", 2));
        assertEquals(List.of("p2", "p3"), page("Patient", "_sort=_lastUpdated", "p1", 2));
        assertEquals(4, layer.resources().count(layer.query("Patient", "")));
    }

    @Test
    void pagesFollowOneAnotherByKeyWithoutGapsOrRepeatsWhileResourcesAreAdded() {
        // walked from the Martini's index entries, of which sr1 has two: still one match
        String martini = "performer=" + MARTINI;
        assertEquals(List.of("sr3"), page("ServiceRequest", martini, null, 1));
        layer.clock().advance(Duration.ofMinutes(1));
        layer.store(request("sr5", "p2", ServiceRequest.ServiceRequestStatus.ACTIVE, "2026-03-02", MARTINI));
        assertEquals(
                List.of("sr1"),
                page("ServiceRequest", martini, "sr3", 1),
                "a referral stored between two pages shifts nothing: it is newer than the first page");
        assertEquals(List.of(), page("ServiceRequest", martini, "sr1", 1));
        assertEquals(List.of("sr5", "sr3", "sr1"), page("ServiceRequest", martini, null, 2, 3));
        assertEquals(List.of("sr1", "sr3", "sr5"), page("ServiceRequest", martini + "&_sort=_lastUpdated", null, 10));
        assertEquals(List.of("sr3", "sr5"), page("ServiceRequest", martini + "&_sort=_lastUpdated", "sr1", 10));
        assertEquals(3, layer.resources().count(layer.query("ServiceRequest", martini)), "sr1 counted once");
    }

    @Test
    void anUpdateReplacesTheIndexAndMovesLastUpdated() {
        layer.clock().set(Instant.parse("2026-03-04T12:00:00Z"));
        Patient p2 = patient("p2", "Bakker", "Anna", AdministrativeGender.FEMALE, "1962-11-30")
                .addIdentifier(bsn("111222333"));
        StoredResource updated = layer.resources().createOrUpdate(layer.codec().encode(p2, "p2"), 1L);
        assertEquals(2, updated.version());
        assertEquals(Set.of("p4", "p2"), ids(layer.query("Patient", "family=bakker")));
        assertEquals(Set.of(), ids(layer.query("Patient", "family=vriesema")), "the old name is no longer found");
        assertEquals(Set.of("p2"), ids(layer.query("Patient", "_lastUpdated=ge2026-03-04")));
        assertEquals(List.of("p2", "p4", "p3", "p1"), page("Patient", "", null, 10));
    }

    @Test
    void aBsnIsHeldByOnePatientOnly() {
        Patient copy = patient("p5", "Vries", "J.", AdministrativeGender.MALE, "1950-04-12")
                .addIdentifier(bsn("999999990"));
        assertThrows(DuplicateIdentifier.class, () -> layer.store(copy));
        layer.rollback();
        // the same number in another system, or a BSN given up by its patient, may be taken
        Patient p1 = patient("p1", "de Vries", "Jan", AdministrativeGender.MALE, "1950-04-12");
        layer.resources().createOrUpdate(layer.codec().encode(p1, "p1"), null);
        layer.store(copy);
        assertEquals(Set.of("p5"), ids(layer.query("Patient", "identifier=" + Bsn.SYSTEM + "|999999990")));
    }

    @Test
    void whatASearchCannotUseIsRefusedBeforeItReachesTheDatabase() {
        assertThrows(IllegalArgumentException.class, () -> layer.query("Patient", "famliy=vries"));
        assertThrows(IllegalArgumentException.class, () -> layer.query("Patient", "birthdate=yesterday"));
        assertThrows(IllegalArgumentException.class, () -> layer.query("Patient", "gender:exact=male"));
    }

    private static void assertFound(String expected, String type, String query) {
        SearchQuery search = layer.query(type, query);
        Set<String> found = ids(search);
        assertEquals(
                expected.equals("-") ? Set.of() : new TreeSet<>(List.of(expected.split(","))),
                found,
                type + "?" + query);
        assertEquals(
                found.size(), layer.resources().count(search), "the count agrees with the page: " + type + "?" + query);
    }

    private static Set<String> ids(SearchQuery query) {
        List<String> ids = layer.resources().search(query, null, 100).stream()
                .map(StoredResource::id)
                .toList();
        assertEquals(ids.size(), new TreeSet<>(ids).size(), "each resource once: " + ids);
        return new TreeSet<>(ids);
    }

    /** The ids of one page: the first, or the one after the resource {@code afterId}. */
    private static List<String> page(String type, String query, String afterId, int limit) {
        SearchKey after =
                afterId == null ? null : SearchKey.of(layer.resources().read(type, afterId));
        return layer.resources().search(layer.query(type, query), after, limit).stream()
                .map(StoredResource::id)
                .toList();
    }

    /** The ids of the first {@code pages} pages, each started after the last one's final key. */
    private static List<String> page(String type, String query, String afterId, int limit, int pages) {
        List<String> all = new ArrayList<>();
        String after = afterId;
        for (int i = 0; i < pages; i++) {
            List<String> page = page(type, query, after, limit);
            all.addAll(page);
            if (page.isEmpty()) {
                break;
            }
            after = page.get(page.size() - 1);
        }
        return all;
    }

    private static Patient patient(
            String id, String family, String given, AdministrativeGender gender, String birthDate) {
        Patient patient = new Patient();
        patient.setId(id);
        patient.addName(new HumanName().setFamily(family).addGiven(given));
        patient.setGender(gender);
        patient.setBirthDateElement(new DateType(birthDate));
        return patient;
    }

    private static Identifier bsn(String number) {
        return new Identifier().setSystem(Bsn.SYSTEM).setValue(number);
    }

    private static ServiceRequest request(
            String id,
            String patient,
            ServiceRequest.ServiceRequestStatus status,
            String authored,
            String... performers) {
        ServiceRequest request = new ServiceRequest();
        request.setId(id);
        request.setStatus(status);
        request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.addCategory(new CodeableConcept(new Coding("http://snomed.info/sct", "3457005", "Patient referral")));
        request.setSubject(new Reference("Patient/" + patient));
        for (String performer : performers) {
            request.addPerformer(new Reference(performer));
        }
        request.setAuthoredOnElement(new DateTimeType(authored));
        return request;
    }
}
