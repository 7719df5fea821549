package nl.hartketen.it;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;

/**
 * Black-box tests against the application running in Payara Micro, over HTTP: HAPI's generic client for FHIR,
 * the JDK's HTTP client where the raw status, headers or body matter. Each test makes the data it needs: an
 * administrator ({@link #admin}) puts a GP practice and its GP in the directory, and {@link #fhir} acts as that GP;
 * {@link #newParties()} adds a hospital and {@link #hospital}, a cardiologist there.
 */
public abstract class ContainerTest {

    protected static final FhirContext FHIR = FhirContext.forR4();
    protected static final String CATEGORY_SYSTEM = "https://hartketen.nl/fhir/CodeSystem/request-category";
    protected static final String SNOMED = "http://snomed.info/sct";
    protected static final String BSN = "http://fhir.nl/fhir/NamingSystem/bsn";
    protected static final String AGB = "http://fhir.nl/fhir/NamingSystem/agb-z";
    protected static final String FHIR_JSON = "application/fhir+json";

    /** Whether the one deployment of this run ({@link ApplicationIT}) was seen ready. */
    private static volatile boolean ready;

    /** Where {@link ApplicationIT} deploys the application: a fixed port, the WAR's name as context path. */
    protected final URL base = baseUrl();

    /** The GP of this test's practice. */
    protected IGenericClient fhir;

    protected String gpToken;
    protected Organization practice;
    protected Practitioner gp;
    /** A cardiologist at the hospital of the last {@link #newParties()}. */
    protected IGenericClient hospital;

    protected String hospitalToken;
    protected final String adminToken = Tokens.token("admin", null, null);
    protected IGenericClient admin;
    protected final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void connect() throws Exception {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        FHIR.getRestfulClientFactory().setSocketTimeout(60_000);
        awaitReady();
        admin = clientAs(adminToken);
        practice = newOrganization("Huisartsenpraktijk " + unique());
        gp = newPractitioner("Gp" + unique());
        gpToken = Tokens.token("gp", gp.getIdentifierFirstRep().getValue(), ura(practice));
        fhir = clientAs(gpToken);
    }

    private static URL baseUrl() {
        try {
            return URI.create("http://127.0.0.1:" + System.getProperty("it.http.port", "18080") + "/hartketen/")
                    .toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    protected IGenericClient clientAs(String token) {
        IGenericClient client = FHIR.newRestfulGenericClient(fhirBase());
        client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        return client;
    }

    /** A token for a cardiologist at {@code organization}. */
    protected static String cardiologistAt(Organization organization) {
        return Tokens.token("cardiologist", "01" + unique(), ura(organization));
    }

    protected static String ura(Organization organization) {
        return organization.getIdentifier().stream()
                .filter(id -> Tokens.URA.equals(id.getSystem()))
                .findFirst()
                .orElseThrow()
                .getValue();
    }

    protected String fhirBase() {
        return application("/fhir").toString();
    }

    /** An address in the application under test, e.g. "/api/generator". */
    protected URI application(String path) {
        return URI.create(base.toString().replaceAll("/$", "") + path);
    }

    /** The validator warms up in the background after deployment; readiness says when it is done. */
    private void awaitReady() throws Exception {
        if (ready) {
            return;
        }
        URI health = URI.create(base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/health/ready");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response =
                    http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                ready = true;
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the application did not become ready");
    }

    /** A raw FHIR request as this test's GP. */
    protected HttpResponse<String> send(String method, String path, String contentType, String body, String... headers)
            throws IOException, InterruptedException {
        return sendAs(gpToken, method, path, contentType, body, headers);
    }

    /** A raw FHIR request with {@code token} (none when null). */
    protected HttpResponse<String> sendAs(
            String token, String method, String path, String contentType, String body, String... headers)
            throws IOException, InterruptedException {
        return sendTo(URI.create(fhirBase() + path), token, method, contentType, body, headers);
    }

    protected HttpResponse<String> sendTo(
            URI uri, String token, String method, String contentType, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A patient of this test's GP practice, recorded by the GP. */
    protected Patient newPatient(String family) {
        Patient patient = new Patient();
        patient.addGeneralPractitioner(new Reference(practice.getIdElement().toUnqualifiedVersionless()));
        patient.addIdentifier(
                new Identifier().setSystem("https://test.example/patient").setValue(unique()));
        patient.addName().setFamily(family).addGiven("Test");
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        return (Patient) fhir.create().resource(patient).execute().getResource();
    }

    /** An organization in the directory, with an AGB and a URA number. */
    protected Organization newOrganization(String name) {
        Organization organization = new Organization();
        organization.addIdentifier(new Identifier().setSystem(AGB).setValue("06" + unique()));
        organization.addIdentifier(new Identifier().setSystem(Tokens.URA).setValue("9" + unique()));
        organization.setName(name);
        return (Organization) admin.create().resource(organization).execute().getResource();
    }

    protected Practitioner newPractitioner(String family) {
        Practitioner practitioner = new Practitioner();
        practitioner.addIdentifier(new Identifier().setSystem(AGB).setValue("01" + unique()));
        practitioner.addName().setFamily(family).addGiven("Huisarts");
        return (Practitioner) admin.create().resource(practitioner).execute().getResource();
    }

    /** A referral ServiceRequest as a GP would send it, not yet stored. */
    protected static ServiceRequest referral(Patient patient, Practitioner requester, Organization performer) {
        ServiceRequest request = new ServiceRequest();
        request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.addCategory(new CodeableConcept(new Coding(CATEGORY_SYSTEM, "referral", "Referral")));
        request.setCode(new CodeableConcept(new Coding(SNOMED, "183519002", "Referral to cardiology service")));
        request.setSubject(new Reference(patient.getIdElement().toUnqualifiedVersionless()));
        request.setRequester(new Reference(requester.getIdElement().toUnqualifiedVersionless()));
        request.addPerformer(new Reference(performer.getIdElement().toUnqualifiedVersionless()));
        request.addReasonCode(new CodeableConcept(new Coding(SNOMED, "29857009", "Chest pain")));
        return request;
    }

    /** Patient, GP and hospital for one test. */
    protected record Parties(Patient patient, Practitioner gp, Organization hospital) {}

    /** A new patient of this test's practice and a new hospital, with {@link #hospital} acting as a cardiologist there. */
    protected Parties newParties() {
        Organization newHospital = newOrganization("Ziekenhuis " + unique());
        hospitalToken = cardiologistAt(newHospital);
        hospital = clientAs(hospitalToken);
        return new Parties(newPatient("Patient" + unique()), gp, newHospital);
    }

    protected ServiceRequest referral(Parties parties) {
        return referral(parties.patient(), parties.gp(), parties.hospital());
    }

    /** The one Task of a request, as this test's GP sees it. */
    protected Task taskOf(ServiceRequest request) {
        return taskOf(fhir, request);
    }

    protected static Task taskOf(IGenericClient as, ServiceRequest request) {
        org.hl7.fhir.r4.model.Bundle tasks = as.search()
                .forResource(Task.class)
                .where(Task.FOCUS.hasId(
                        "ServiceRequest/" + request.getIdElement().getIdPart()))
                .returnBundle(org.hl7.fhir.r4.model.Bundle.class)
                .execute();
        org.junit.jupiter.api.Assertions.assertEquals(1, tasks.getTotal(), "one task per referral");
        return (Task) tasks.getEntryFirstRep().getResource();
    }

    /** "Type/id" of a stored resource. */
    protected static String reference(org.hl7.fhir.r4.model.Resource resource) {
        return resource.getIdElement().toUnqualifiedVersionless().getValue();
    }

    /** One of the shipped networks' organizations, by id, to refer to. */
    protected static Organization shipped(String id) {
        Organization organization = new Organization();
        organization.setId("Organization/" + id);
        return organization;
    }

    protected static String diagnostics(org.hl7.fhir.instance.model.api.IBaseOperationOutcome outcome) {
        return ((org.hl7.fhir.r4.model.OperationOutcome) outcome)
                .getIssue().stream()
                        .map(org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics)
                        .collect(java.util.stream.Collectors.joining("; "));
    }

    protected static <E extends Throwable> E expect(Class<E> type, org.junit.jupiter.api.function.Executable call) {
        return org.junit.jupiter.api.Assertions.assertThrows(type, call);
    }
}
