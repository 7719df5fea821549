package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/** The FHIR REST surface: formats, search, paging, _include, transactions, validation and error answers. */
abstract class FhirApiTests extends ContainerTest {

    @Test
    void theCapabilityStatementTellsWhatIsSupported() {
        CapabilityStatement statement =
                fhir.capabilities().ofType(CapabilityStatement.class).execute();
        CapabilityStatement.CapabilityStatementRestResourceComponent serviceRequest =
                statement.getRestFirstRep().getResource().stream()
                        .filter(r -> r.getType().equals("ServiceRequest"))
                        .findFirst()
                        .orElseThrow();
        Set<String> params = new HashSet<>();
        serviceRequest.getSearchParam().forEach(p -> params.add(p.getName()));
        assertTrue(
                params.containsAll(List.of(
                        "identifier",
                        "subject",
                        "patient",
                        "requester",
                        "performer",
                        "status",
                        "category",
                        "code",
                        "authored",
                        "_lastUpdated")),
                params.toString());
        assertTrue(serviceRequest.getSearchInclude().stream()
                .anyMatch(i -> i.getValue().equals("ServiceRequest:subject")));
        assertEquals(
                "https://hartketen.nl/fhir/StructureDefinition/hartketen-servicerequest", serviceRequest.getProfile());
        assertEquals(CapabilityStatement.ResourceVersionPolicy.VERSIONEDUPDATE, serviceRequest.getVersioning());
        assertTrue(statement.getRestFirstRep().getInteraction().stream()
                .anyMatch(i -> i.getCode() == CapabilityStatement.SystemRestfulInteraction.TRANSACTION));
        for (String type :
                List.of("Patient", "Organization", "Practitioner", "PractitionerRole", "ServiceRequest", "Task")) {
            assertTrue(
                    statement.getRestFirstRep().getResource().stream()
                            .anyMatch(r -> r.getType().equals(type)),
                    type);
        }
    }

    @Test
    void whatAClientStoredComesBackUnchangedApartFromIdAndMeta() {
        Parties parties = newParties();
        ServiceRequest sent = referral(parties);
        sent.addIdentifier(
                new Identifier().setSystem("https://gp.example/referrals").setValue(unique()));
        sent.setAuthoredOnElement(new org.hl7.fhir.r4.model.DateTimeType("2026-11-20T10:15:00+01:00"));
        sent.addExtension(
                "https://gp.example/fhir/StructureDefinition/urgency-note", new StringType("belt liever 's ochtends"));
        sent.addNote()
                .setText("Pijn op de borst bij inspanning, sinds 3 weken")
                .setAuthor(new StringType("dr. Huisarts"));
        Narrative text = new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED);
        text.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">Verwijzing cardiologie</div>");
        sent.setText(text);
        sent.getMeta().addTag("https://gp.example/tags", "his-export", null);

        ServiceRequest stored = fhir.read()
                .resource(ServiceRequest.class)
                .withId(fhir.create().resource(sent).execute().getId().getIdPart())
                .execute();

        stored.setIdElement(null);
        stored.getMeta().setVersionId(null);
        stored.getMeta().setLastUpdated(null);
        assertEquals(
                FHIR.newJsonParser().encodeResourceToString(sent),
                FHIR.newJsonParser().encodeResourceToString(stored));
    }

    @Test
    void jsonAndXmlAreBothSpoken() throws Exception {
        Patient created = newPatient("Xmlpatient");
        HttpResponse<String> xml =
                send("GET", "/Patient/" + created.getIdElement().getIdPart() + "?_format=xml", null, null);
        assertEquals(200, xml.statusCode());
        assertTrue(xml.headers().firstValue("Content-Type").orElseThrow().contains("xml"));
        assertEquals(
                "Xmlpatient",
                FHIR.newXmlParser()
                        .parseResource(Patient.class, xml.body())
                        .getNameFirstRep()
                        .getFamily());

        HttpResponse<String> accept = send(
                "GET", "/Patient/" + created.getIdElement().getIdPart(), null, null, "Accept", "application/fhir+xml");
        assertTrue(accept.body().startsWith("<Patient"), accept.body());

        fhir.setEncoding(EncodingEnum.XML);
        Patient viaXml = newPatient("Viaxml");
        assertEquals(
                "Viaxml",
                fhir.read()
                        .resource(Patient.class)
                        .withId(viaXml.getIdElement().getIdPart())
                        .execute()
                        .getNameFirstRep()
                        .getFamily());
        HttpResponse<String> unknownElement = send(
                "POST",
                "/Patient",
                "application/fhir+xml",
                "<Patient xmlns=\"http://hl7.org/fhir\"><foo value=\"1\"/><name><family value=\"X\"/></name></Patient>");
        assertEquals(400, unknownElement.statusCode(), unknownElement.body());
    }

    @Test
    void referralsAreFoundByEveryParameterTheyOffer() {
        Parties parties = newParties();
        ServiceRequest request = referral(parties);
        String gpNumber = unique();
        request.addIdentifier(
                new Identifier().setSystem("https://gp.example/referrals").setValue(gpNumber));
        request.setAuthoredOnElement(new org.hl7.fhir.r4.model.DateTimeType("2026-03-15T10:00:00+01:00"));
        request.addCategory(new CodeableConcept(new Coding(SNOMED, "3457005", "Patient referral")));
        String id = fhir.create().resource(request).execute().getId().getIdPart();
        String patient =
                parties.patient().getIdElement().toUnqualifiedVersionless().getValue();

        List<String> hits = List.of(
                "identifier=https://gp.example/referrals|" + gpNumber,
                "identifier=" + gpNumber,
                "subject=" + patient,
                "patient=" + parties.patient().getIdElement().getIdPart(),
                "requester="
                        + parties.gp().getIdElement().toUnqualifiedVersionless().getValue(),
                "performer="
                        + parties.hospital()
                                .getIdElement()
                                .toUnqualifiedVersionless()
                                .getValue() + "&status=active",
                "subject=" + patient + "&category=" + CATEGORY_SYSTEM + "|referral",
                "subject=" + patient + "&category=" + SNOMED + "|3457005",
                "subject=" + patient + "&code=" + SNOMED + "|183519002",
                "subject=" + patient + "&authored=2026-03-15",
                "subject=" + patient + "&authored=ge2026-03-01&authored=lt2026-04",
                "subject=" + patient + "&_lastUpdated=gt2020-01-01");
        for (String query : hits) {
            assertEquals(List.of(id), ids("ServiceRequest?" + query), query);
        }
        List<String> misses = List.of(
                "subject=" + patient + "&status=revoked",
                "subject=" + patient + "&authored=lt2026-03-15",
                "subject=" + patient + "&authored=gt2026-03-16",
                "subject=" + patient + "&category=" + CATEGORY_SYSTEM + "|meekijkconsult",
                "subject=" + patient + "&_lastUpdated=lt2020-01-01");
        for (String query : misses) {
            assertEquals(List.of(), ids("ServiceRequest?" + query), query);
        }

        String task = ids("Task?focus=ServiceRequest/" + id).get(0);
        for (String query : List.of(
                "owner="
                        + parties.hospital()
                                .getIdElement()
                                .toUnqualifiedVersionless()
                                .getValue() + "&status=requested",
                "patient=" + patient,
                "focus=" + id + "&status:not=completed")) {
            assertEquals(List.of(task), ids("Task?" + query), query);
        }
    }

    @Test
    void patientsOrganizationsAndPractitionersAreSearchable() {
        Patient patient = new Patient();
        patient.addIdentifier(new Identifier().setSystem(BSN).setValue("999990044"));
        String family = "Ñandú" + unique();
        patient.addName().setFamily(family).addGiven("Geertje");
        patient.setBirthDateElement(new DateType("1961-11-02"));
        String id = fhir.create().resource(patient).execute().getId().getIdPart();
        assertTrue(ids("Patient?identifier=" + BSN + "|999990044").contains(id));
        assertEquals(
                List.of(id),
                ids("Patient?family="
                        + family.substring(0, 6).toLowerCase().replace("ñ", "n").replace("ú", "u")
                        + family.substring(6)));
        assertEquals(List.of(id), ids("Patient?name=" + family + "&birthdate=1961-11-02"));
        assertEquals(List.of(), ids("Patient?name=" + family + "&birthdate=1961-11-03"));

        Organization organization = newOrganization("Ommelander Ziekenhuis " + unique());
        assertEquals(
                List.of(organization.getIdElement().getIdPart()),
                ids("Organization?name=" + organization.getName().replace(" ", "%20")));
        assertEquals(
                List.of(organization.getIdElement().getIdPart()),
                ids("Organization?identifier=" + AGB + "|"
                        + organization.getIdentifierFirstRep().getValue()));
        org.hl7.fhir.r4.model.Practitioner practitioner = newPractitioner("Huisman" + unique());
        assertEquals(
                List.of(practitioner.getIdElement().getIdPart()),
                ids("Practitioner?name=" + practitioner.getNameFirstRep().getFamily()));
        assertEquals(
                List.of(practitioner.getIdElement().getIdPart()),
                ids("Practitioner?identifier="
                        + practitioner.getIdentifierFirstRep().getValue()));
    }

    @Test
    void pagingFollowsNextLinksThroughEveryResultOnceAlsoWhenMoreAreAddedMeanwhile() {
        String family = "Pagina" + unique();
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            created.add(newPatient(family).getIdElement().getIdPart());
        }
        Bundle page = search("Patient?family=" + family + "&_count=10&_total=accurate");
        assertEquals(25, page.getTotal(), "counted when asked");
        // newer than the first page (newest first): by key, it shifts none of the pages that follow
        newPatient(family);
        List<String> seen = new ArrayList<>();
        int pages = 0;
        while (true) {
            pages++;
            page.getEntry().forEach(e -> seen.add(e.getResource().getIdElement().getIdPart()));
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                break;
            }
            assertFalse(page.getLink(Bundle.LINK_NEXT).getUrl().contains("_getpagesoffset"), "by key, not by offset");
            page = fhir.loadPage().next(page).execute();
        }
        assertEquals(3, pages);
        assertEquals(25, seen.size(), "none twice: " + seen);
        assertEquals(created, new HashSet<>(seen), "none missed");
    }

    @Test
    void theTotalIsCountedWhenAskedOrWhenTheFirstPageHoldsEveryMatch() throws Exception {
        String family = "Totaal" + unique();
        for (int i = 0; i < 3; i++) {
            newPatient(family);
        }
        assertFalse(search("Patient?family=" + family + "&_count=2").hasTotal(), "a full page counts nothing more");
        assertEquals(
                3,
                search("Patient?family=" + family + "&_count=2&_total=accurate").getTotal());
        assertEquals(3, search("Patient?family=" + family + "&_count=5").getTotal(), "one page holds them all");
        assertEquals(3, search("Patient?family=" + family + "&_summary=count").getTotal());
        assertEquals(
                400,
                send("GET", "/Patient?family=" + family + "&_total=maybe", null, null)
                        .statusCode());
    }

    @Test
    void aNextLinkNeedsNoServerMemoryAndServesOnlyWhoeverSearched() throws Exception {
        String family = "Cursor" + unique();
        for (int i = 0; i < 3; i++) {
            newPatient(family);
        }
        Bundle first = search("Patient?family=" + family + "&_count=2");
        String next = first.getLink(Bundle.LINK_NEXT).getUrl();
        assertEquals(1, fhir.loadPage().next(first).execute().getEntry().size());

        String pageId = next.replaceAll(".*[?&]_pageId=([^&]*).*", "$1");
        for (String damaged : List.of(pageId.substring(0, 12), pageId + "!", "x" + pageId)) {
            HttpResponse<String> answer = sendTo(URI.create(next.replace(pageId, damaged)), gpToken, "GET", null, null);
            assertEquals(400, answer.statusCode(), "a damaged page link: " + answer.body());
        }

        Organization otherPractice = newOrganization("Huisartsenpraktijk " + unique());
        Practitioner otherGp = newPractitioner("Gp" + unique());
        String otherToken = Tokens.token("gp", otherGp.getIdentifierFirstRep().getValue(), ura(otherPractice));
        HttpResponse<String> followed = sendTo(URI.create(next), otherToken, "GET", null, null);
        assertEquals(403, followed.statusCode(), "another user's page link: " + followed.body());
        assertTrue(followed.body().contains("another user's search"), followed.body());
        assertFalse(followed.body().contains(family), "and it shows nothing of the search");
    }

    private Bundle search(String url) {
        return fhir.search().byUrl(url).returnBundle(Bundle.class).execute();
    }

    @Test
    void includesBringTheReferencedResourcesAndNothingElse() {
        Parties parties = newParties();
        String id = fhir.create().resource(referral(parties)).execute().getId().getIdPart();

        Bundle bundle = fhir.search()
                .byUrl(
                        "ServiceRequest?_id=" + id
                                + "&_include=ServiceRequest:subject&_include=ServiceRequest:requester&_include=ServiceRequest:performer")
                .returnBundle(Bundle.class)
                .execute();
        Set<String> included = new HashSet<>();
        bundle.getEntry().stream()
                .filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE)
                .forEach(e -> included.add(e.getResource()
                        .getIdElement()
                        .toUnqualifiedVersionless()
                        .getValue()));
        assertEquals(
                Set.of(
                        parties.patient()
                                .getIdElement()
                                .toUnqualifiedVersionless()
                                .getValue(),
                        parties.gp().getIdElement().toUnqualifiedVersionless().getValue(),
                        parties.hospital()
                                .getIdElement()
                                .toUnqualifiedVersionless()
                                .getValue()),
                included);
        assertEquals(1, bundle.getTotal(), "included resources do not count as matches");

        Bundle tasks = fhir.search()
                .byUrl("Task?focus=ServiceRequest/" + id + "&_include=Task:focus")
                .returnBundle(Bundle.class)
                .execute();
        assertTrue(tasks.getEntry().stream()
                .anyMatch(e -> e.getResource() instanceof ServiceRequest
                        && e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE));
    }

    @Test
    void unknownSearchParametersAreRefusedNotIgnored() throws Exception {
        HttpResponse<String> response = send("GET", "/ServiceRequest?statuss=active", null, null);
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("unknown search parameter 'statuss'"), response.body());
        assertEquals(
                400,
                send("GET", "/ServiceRequest?authored=gisteren", null, null).statusCode());
        assertEquals(
                400,
                send("GET", "/ServiceRequest?_include=ServiceRequest:encounter", null, null)
                        .statusCode());
    }

    /**
     * Bundles over the same patients need the same patient locks: they take them at their end, in one order, so none
     * waits for another's whole Bundle, and none deadlocks. Every referral is acknowledged and in its patient's
     * episode.
     */
    @Test
    void fourClientsSendingBundlesOverTheSamePatientsAreAllStored() throws Exception {
        Parties parties = newParties();
        List<Patient> patients = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            patients.add(newPatient("Gedeeld" + unique()));
        }
        List<Bundle> bundles = new ArrayList<>();
        for (int client = 0; client < 4; client++) {
            Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
            for (int i = 0; i < 30; i++) {
                // half of the clients go round the patients the other way
                Patient patient = patients.get((client % 2 == 0 ? i : 29 - i) % patients.size());
                bundle.addEntry()
                        .setResource(referral(patient, parties.gp(), parties.hospital()))
                        .getRequest()
                        .setMethod(Bundle.HTTPVerb.POST)
                        .setUrl("ServiceRequest");
            }
            bundles.add(bundle);
        }
        ExecutorService clients = Executors.newFixedThreadPool(bundles.size());
        try {
            List<Future<Bundle>> answers = new ArrayList<>();
            for (Bundle bundle : bundles) {
                answers.add(clients.submit(
                        () -> fhir.transaction().withBundle(bundle).execute()));
            }
            for (Future<Bundle> answer : answers) {
                Bundle response = answer.get(5, TimeUnit.MINUTES);
                assertEquals(30, response.getEntry().size());
                response.getEntry()
                        .forEach(entry ->
                                assertEquals("201 Created", entry.getResponse().getStatus()));
            }
        } finally {
            clients.shutdownNow();
        }
        for (Patient patient : patients) {
            Bundle episodes = fhir.search()
                    .forResource(EpisodeOfCare.class)
                    .where(EpisodeOfCare.PATIENT.hasId(patient.getIdElement().toUnqualifiedVersionless()))
                    .returnBundle(Bundle.class)
                    .execute();
            assertEquals(1, episodes.getEntry().size(), "one episode per patient");
            EpisodeOfCare episode = (EpisodeOfCare) episodes.getEntryFirstRep().getResource();
            assertEquals(
                    12,
                    new HashSet<>(episode.getReferralRequest().stream()
                                    .map(Reference::getReference)
                                    .toList())
                            .size(),
                    "every referral of the patient, once");
            assertEquals(Integer.toString(12), episode.getMeta().getVersionId(), "a version per referral");
        }
    }

    @Test
    void aTransactionResolvesUrnUuidsAndIsAllOrNothing() throws Exception {
        Parties parties = newParties();
        String bsnFamily = "Transactie" + unique();
        Patient patient = new Patient();
        patient.addIdentifier(
                new Identifier().setSystem("https://test.example/patient").setValue(unique()));
        patient.addName().setFamily(bsnFamily);
        ServiceRequest request = referral(parties);
        request.setSubject(new Reference("urn:uuid:0a7c2d1e-1111-4111-8111-000000000001"));
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction
                .addEntry()
                .setFullUrl("urn:uuid:0a7c2d1e-1111-4111-8111-000000000001")
                .setResource(patient)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Patient");
        transaction
                .addEntry()
                .setFullUrl("urn:uuid:0a7c2d1e-1111-4111-8111-000000000002")
                .setResource(request)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("ServiceRequest");

        Bundle response = fhir.transaction().withBundle(transaction).execute();

        assertEquals("201 Created", response.getEntry().get(0).getResponse().getStatus());
        String patientId =
                response.getEntry().get(0).getResponse().getLocation().split("/")[1];
        String requestId =
                response.getEntry().get(1).getResponse().getLocation().split("/")[1];
        assertEquals(
                "Patient/" + patientId,
                fhir.read()
                        .resource(ServiceRequest.class)
                        .withId(requestId)
                        .execute()
                        .getSubject()
                        .getReference());

        String rolledBack = "Teruggedraaid" + unique();
        patient.setName(new java.util.ArrayList<>()).addName().setFamily(rolledBack);
        request.setPerformer(new java.util.ArrayList<>());
        HttpResponse<String> failed =
                send("POST", "", FHIR_JSON, FHIR.newJsonParser().encodeResourceToString(transaction));
        assertEquals(422, failed.statusCode(), failed.body());
        assertTrue(failed.body().contains("Bundle.entry[1]"), failed.body());
        assertEquals(List.of(), ids("Patient?family=" + rolledBack), "nothing of a failed transaction is stored");
    }

    @Test
    void invalidResourcesAreRefusedWithAnOutcomeThatNamesTheElement() throws Exception {
        Parties parties = newParties();
        ServiceRequest noPerformer = referral(parties);
        noPerformer.setPerformer(List.of());
        String marker = unique();
        noPerformer.addIdentifier(
                new Identifier().setSystem("https://gp.example/referrals").setValue(marker));
        HttpResponse<String> response =
                send("POST", "/ServiceRequest", FHIR_JSON, FHIR.newJsonParser().encodeResourceToString(noPerformer));
        assertEquals(422, response.statusCode());
        OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
        assertTrue(outcome.getIssueFirstRep().getDiagnostics().contains("ServiceRequest.performer"), response.body());

        ServiceRequest badCategory = referral(parties);
        badCategory.setCategory(List.of(new CodeableConcept(new Coding(CATEGORY_SYSTEM, "bestelling", null))));
        badCategory.addIdentifier(
                new Identifier().setSystem("https://gp.example/referrals").setValue(marker));
        HttpResponse<String> category =
                send("POST", "/ServiceRequest", FHIR_JSON, FHIR.newJsonParser().encodeResourceToString(badCategory));
        assertEquals(422, category.statusCode(), category.body());
        assertTrue(category.body().contains("ServiceRequest.category"), category.body());

        HttpResponse<String> bsn = send(
                "POST",
                "/Patient",
                FHIR_JSON,
                "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"" + BSN
                        + "\",\"value\":\"123456789\"}],\"name\":[{\"family\":\"Elfproef\"}]}");
        assertEquals(422, bsn.statusCode());
        assertTrue(bsn.body().contains("11-proef") && bsn.body().contains("Patient.identifier[0].value"), bsn.body());

        assertEquals(List.of(), ids("ServiceRequest?identifier=" + marker), "nothing of a refused request is stored");
    }

    @Test
    void malformedOrLossyInputIsABadRequestNotASilentLoss() throws Exception {
        String valid = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Strikt\"}]";
        for (String body : List.of(
                valid + ",\"foo\":1}", // unknown element
                valid + ",\"birthDate\":19610102}", // wrong type
                valid + ",\"birthDate\":\"2-1-1961\"}", // invalid value
                valid + ",\"identifier\":[]}", // empty array
                valid + ",\"name\":[{\"family\":\"Dubbel\"}]}", // duplicate key
                valid + ",\"gender\":null}", // null
                valid)) { // truncated
            HttpResponse<String> response = send("POST", "/Patient", FHIR_JSON, body);
            assertEquals(400, response.statusCode(), body + " -> " + response.body());
            assertTrue(response.body().contains("OperationOutcome"), response.body());
        }
    }

    @Test
    void anUnknownIdIsA404WithAnOutcomeWhereExistenceIsNoSecret() throws Exception {
        HttpResponse<String> response = send("GET", "/Organization/does-not-exist", null, null);
        assertEquals(404, response.statusCode());
        assertTrue(response.body().contains("OperationOutcome"));
        expect(
                ResourceNotFoundException.class,
                () -> fhir.read().resource(Practitioner.class).withId("nope").execute());
        assertEquals(
                404,
                send("GET", "/Organization/does-not-exist/_history", null, null).statusCode());
        // Patient data: whether a record exists is not told to someone who may not see it.
        assertEquals(
                403, send("GET", "/ServiceRequest/does-not-exist", null, null).statusCode());
    }

    @Test
    void healthOpenApiAndTheEventsEndpointAnswer() throws Exception {
        String root = base.getProtocol() + "://" + base.getHost() + ":" + base.getPort();
        HttpResponse<String> health = http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(root + "/health/ready"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"database\""), health.body());
        HttpResponse<String> openapi = http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(root + "/openapi"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(openapi.body().contains("/referrals/{id}/events"), openapi.body());
        HttpResponse<String> unknown = sendTo(application("/api/referrals/nope/events"), gpToken, "GET", null, null);
        assertEquals(403, unknown.statusCode(), "not involved, whether or not it exists");
        assertNotNull(unknown.headers()
                .firstValue("Content-Type")
                .filter(type -> type.contains("json"))
                .orElse(null));
    }

    private List<String> ids(String query) {
        return fhir.search().byUrl(query).returnBundle(Bundle.class).execute().getEntry().stream()
                .filter(e -> e.getSearch().getMode() != Bundle.SearchEntryMode.INCLUDE)
                .map(e -> e.getResource().getIdElement().getIdPart())
                .toList();
    }
}
