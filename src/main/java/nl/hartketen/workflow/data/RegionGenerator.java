package nl.hartketen.workflow.data;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import nl.hartketen.application.ClusterLocks;
import nl.hartketen.application.UnitOfWork;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.storage.ResourceService;
import nl.hartketen.domain.chain.CareLevel;
import nl.hartketen.domain.chain.Network;
import nl.hartketen.domain.chain.NetworkMember;
import nl.hartketen.domain.shared.DutchTime;
import nl.hartketen.workflow.chain.NetworkDirectory;
import nl.hartketen.workflow.consult.Consults;
import nl.hartketen.workflow.mapping.ContactKindMapping;
import nl.hartketen.workflow.monitoring.Telemonitoring;
import nl.hartketen.workflow.write.ResourceWriter;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;

/**
 * A network's referral activity over a past period, written through the application's own writer, so validation, the
 * chain's rules, episodes and waits apply as for any client. Each journey is one patient: a GP refers to a regional
 * hospital, which sees the patient after that hospital's usual wait (some not yet: the waiting list). Some patients
 * are escalated to a heart centre, which decides to treat and operates after its own wait, then refers back. Most
 * journeys end with a back-referral to the GP; the rest stay open. Some no-shows are rebooked, and a few referrals are
 * withdrawn by the GP. The proportions follow the heart-centre figures in the domain notes. About 1 journey in 7
 * escalates, as "39% of open-heart operations referred from outside" suggests for a regional share. Each journey is
 * deterministic for a seed and its number, whichever of the two workers writes it.
 */
@ApplicationScoped
public class RegionGenerator {

    private static final Logger LOG = Logger.getLogger(RegionGenerator.class.getName());
    private static final String SERVICE = "https://hartketen.nl/fhir/CodeSystem/cardiology-service";
    private static final String SNOMED = "http://snomed.info/sct";
    private static final String CATEGORY = "https://hartketen.nl/fhir/CodeSystem/request-category";
    private static final String HEART_FAILURE = "84114007";
    /** The telemonitoring platform of the demo data (demo/hartnet-people.json). */
    private static final String DEMO_PLATFORM = "hartthuis";
    /** Generated patients: ids "gen-<network>-<n>" and this identifier system, so they are recognisable. */
    static final String PATIENT_SYSTEM = "https://hartketen.nl/fhir/NamingSystem/generated-patient";

    private static final int JOURNEYS_PER_TRANSACTION = 25;
    /** The machines it runs on have 2 cores; the database's own work takes part of them. */
    private static final int WORKERS = 2;

    private static final String[] FAMILIES = {
        "de Jong",
        "Jansen",
        "de Vries",
        "van den Berg",
        "van Dijk",
        "Bakker",
        "Janssen",
        "Visser",
        "Smit",
        "Meijer",
        "de Boer",
        "Mulder",
        "de Groot",
        "Bos",
        "Vos",
        "Peters",
        "Hendriks",
        "van Leeuwen",
        "Dekker",
        "Brouwer"
    };

    /** A treatment (a cardiology-service code) and how often it is the one chosen for its reason. */
    private record Treatment(String service, double share) {}

    /**
     * Why a GP refers: the reason (SNOMED) that picks the care path, the treatments it may lead to (shares as in the
     * heart-centre figures of the domain notes) and the tests asked for it.
     */
    private record Reason(String code, String display, double share, List<Treatment> treatments, List<String> tests) {}

    private static final List<Reason> REASONS = List.of(
            new Reason(
                    "29857009",
                    "Chest pain",
                    0.45,
                    List.of(new Treatment("pci", 0.85), new Treatment("cabg", 0.15)),
                    List.of("ergometry", "ct-coronary", "echo")),
            new Reason(
                    "53741008",
                    "Coronary arteriosclerosis",
                    0.10,
                    List.of(new Treatment("cabg", 0.75), new Treatment("pci", 0.25)),
                    List.of("ct-coronary", "echo")),
            new Reason(
                    "49436004",
                    "Atrial fibrillation",
                    0.20,
                    List.of(
                            new Treatment("af-ablation", 0.6),
                            new Treatment("complex-ablation", 0.15),
                            new Treatment("pacemaker", 0.25)),
                    List.of("holter", "echo")),
            new Reason(
                    HEART_FAILURE,
                    "Heart failure",
                    0.13,
                    List.of(new Treatment("icd", 0.6), new Treatment("pacemaker", 0.4)),
                    List.of("echo", "cardiac-mri")),
            new Reason(
                    "60573004",
                    "Aortic valve stenosis",
                    0.12,
                    List.of(new Treatment("tavi", 0.65), new Treatment("valve-surgery", 0.35)),
                    List.of("echo", "ct-coronary")));

    /** Contacts after the first visit: how likely each kind is, per patient (contact-kind codes). */
    private static final List<Treatment> FOLLOW_UPS = List.of(
            new Treatment("physical", 0.35),
            new Treatment("telephone", 0.4),
            new Treatment("video", 0.15),
            new Treatment("written", 0.15));

    /** How far a run has got (for the admin API and the log). */
    public record Progress(String network, int planned, int written, int failed, Instant started, Instant finished) {}

    private ResourceWriter writer;
    private ResourceService resources;
    private UnitOfWork unitOfWork;
    private NetworkDirectory directory;
    private ClusterLocks locks;
    private Clock clock;

    /** One run at a time across the nodes: two runs would write the same journeys. */
    static final String LOCK = "generator";

    @jakarta.annotation.Resource
    private ManagedExecutorService executor;

    private volatile Progress progress;

    protected RegionGenerator() {
        // for CDI
    }

    @Inject
    public RegionGenerator(
            ResourceWriter writer,
            ResourceService resources,
            UnitOfWork unitOfWork,
            NetworkDirectory directory,
            ClusterLocks locks,
            Clock clock) {
        this.writer = writer;
        this.resources = resources;
        this.unitOfWork = unitOfWork;
        this.directory = directory;
        this.locks = locks;
        this.clock = clock;
    }

    public Optional<Progress> progress() {
        return Optional.ofNullable(progress);
    }

    /**
     * Writes {@code journeys} patient journeys in {@code network} ("Organization/hartnet"), referred over the last
     * {@code days} days, logging progress every 5%. Journeys already written (same network, same number) are skipped,
     * so a run can be repeated or continued. A run started while another runs, on this node or another, waits for it.
     *
     * @return the progress at the end
     * @throws IllegalArgumentException when the network is unknown or has no GP practice, regional hospital and heart centre
     */
    public Progress generate(String network, int journeys, int days, long seed) {
        try (ClusterLocks.Held running = locks.hold(LOCK)) {
            return generateHolding(network, journeys, days, seed);
        }
    }

    private Progress generateHolding(String network, int journeys, int days, long seed) {
        Network found = directory
                .network(network)
                .orElseThrow(() -> new IllegalArgumentException(network + " is not a network"));
        List<NetworkMember> practices = members(found, CareLevel.GP_PRACTICE, "outpatient-cardiology", false);
        List<NetworkMember> hospitals = members(found, CareLevel.REGIONAL_HOSPITAL, "outpatient-cardiology", true);
        List<NetworkMember> heartCentres = members(found, CareLevel.HEART_CENTRE, "outpatient-cardiology", true);
        Instant now = clock.instant();
        String networkId = network.substring(network.indexOf('/') + 1);
        Run run = new Run(network, journeys, now);
        progress = run.progress(null);
        IntFunction<Journey> journey = n -> new Journey(
                new Random(seed * 1_000_003L + n),
                String.format("gen-%s-%06d", networkId, n),
                practices,
                hospitals,
                heartCentres,
                now,
                days);
        AtomicInteger nextBatch = new AtomicInteger();
        Runnable worker = () -> {
            for (int batch = nextBatch.getAndIncrement();
                    batch * JOURNEYS_PER_TRANSACTION < journeys;
                    batch = nextBatch.getAndIncrement()) {
                int first = batch * JOURNEYS_PER_TRANSACTION + 1;
                writeBatch(
                        IntStream.rangeClosed(first, Math.min(journeys, first + JOURNEYS_PER_TRANSACTION - 1))
                                .mapToObj(journey)
                                .toList(),
                        run);
            }
        };
        List<Future<?>> helpers = IntStream.range(1, WORKERS)
                .<Future<?>>mapToObj(i -> executor.submit(worker))
                .toList();
        worker.run();
        helpers.forEach(RegionGenerator::await);
        progress = run.progress(clock.instant());
        LOG.info("Generator: " + network + " done, " + progress.written() + " journeys written, " + progress.failed()
                + " not, in "
                + Duration.between(progress.started(), progress.finished()).toSeconds() + " s");
        return progress;
    }

    /**
     * Several journeys per transaction: a commit costs more than a journey's own writes. When one journey is refused,
     * the batch is rolled back and its journeys are written one by one, so only that one is lost (and logged).
     */
    private void writeBatch(List<Journey> batch, Run run) {
        try {
            writeInOneTransaction(batch);
            batch.forEach(journey -> run.written());
        } catch (RuntimeException batchFailed) {
            for (Journey journey : batch) {
                try {
                    writeInOneTransaction(List.of(journey));
                    run.written();
                } catch (RuntimeException e) {
                    run.failed();
                    LOG.warning("Generator: journey " + journey.patientId + " not written: " + e.getMessage());
                }
            }
        }
        progress = run.progress(null);
        run.logEvery5Percent();
    }

    private void writeInOneTransaction(List<Journey> journeys) {
        unitOfWork.run(() -> {
            journeys.forEach(Journey::write);
            return null;
        });
    }

    private static void await(Future<?> helper) {
        try {
            helper.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a generator worker failed", e.getCause());
        }
    }

    /** The counts of one run, shared by its workers. */
    private static final class Run {
        private final String network;
        private final int planned;
        private final Instant started;
        private final AtomicInteger written = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicInteger logged = new AtomicInteger();

        Run(String network, int planned, Instant started) {
            this.network = network;
            this.planned = planned;
            this.started = started;
        }

        void written() {
            written.incrementAndGet();
        }

        void failed() {
            failed.incrementAndGet();
        }

        Progress progress(Instant finished) {
            return new Progress(network, planned, written.get(), failed.get(), started, finished);
        }

        void logEvery5Percent() {
            int done = written.get() + failed.get();
            int step = Math.max(1, planned / 20);
            int last = logged.get();
            if (done / step > last / step && logged.compareAndSet(last, done)) {
                LOG.info("Generator: " + network + " " + done + " of " + planned + " journeys ("
                        + (100L * done / planned) + "%)");
            }
        }
    }

    private static List<NetworkMember> members(Network network, CareLevel level, String service, boolean offering) {
        List<NetworkMember> members = network.members().stream()
                .filter(member -> member.role() == level)
                .filter(member -> !offering || member.services().contains(service))
                .toList();
        if (members.isEmpty()) {
            throw new IllegalArgumentException(
                    network.organization() + " has no " + level.code() + (offering ? " offering " + service : ""));
        }
        return members;
    }

    /** One patient's way through the chain, decided up front from the random numbers, written in time order. */
    private final class Journey {

        private final Random random;
        private final String patientId;
        private final NetworkMember practice;
        private final NetworkMember hospital;
        private final NetworkMember heartCentre;
        private final Reason reason;
        private final Instant now;
        private final Instant sent;
        private final List<NetworkMember> heartCentres;

        Journey(
                Random random,
                String patientId,
                List<NetworkMember> practices,
                List<NetworkMember> hospitals,
                List<NetworkMember> heartCentres,
                Instant now,
                int days) {
            this.random = random;
            this.patientId = patientId;
            this.now = now;
            this.heartCentres = heartCentres;
            practice = practices.get(random.nextInt(practices.size()));
            hospital = hospitals.get(random.nextInt(hospitals.size()));
            heartCentre = heartCentres.get(random.nextInt(heartCentres.size()));
            reason = pickReason();
            LocalDate day = DutchTime.dateOf(now).minusDays(random.nextInt(days));
            sent = day.atTime(8 + random.nextInt(9), random.nextInt(60))
                    .atZone(DutchTime.ZONE)
                    .toInstant();
        }

        void write() {
            if (resources.exists("Patient", patientId)) {
                return;
            }
            create(patient(), patientId);
            // Some GPs refer straight to the heart centre: its own patients, against those referred on by hospitals.
            NetworkMember first = random.nextDouble() < 0.12 ? heartCentre : hospital;
            boolean own = first == heartCentre;
            if (random.nextDouble() < 0.3) {
                testAsked(practice, first, sent.minus(Duration.ofDays(14 + random.nextInt(21))));
            }
            if (random.nextDouble() < 0.08) {
                consultAsked(first, sent.minus(Duration.ofDays(7 + random.nextInt(14))));
            }
            ServiceRequest sentReferral = (ServiceRequest) stored(
                    request("referral", practice, first, "outpatient-cardiology", "Outpatient cardiology", sent, null),
                    null);
            String referral = "ServiceRequest/" + sentReferral.getIdElement().getIdPart();
            if (random.nextDouble() < 0.02) {
                revoke(sentReferral, sent.plus(Duration.ofDays(1 + random.nextInt(10))));
                return;
            }
            Instant visit = seen(referral, first, sent, typicalWait(first, own ? 14 : 21));
            if (visit == null) {
                return;
            }
            followUps(referral, visit);
            if (reason.code().equals(HEART_FAILURE)
                    && first.services().contains("telemonitoring")
                    && random.nextDouble() < 0.5) {
                enrol(referral, first, visit);
            }
            String treatment = treatment();
            Optional<NetworkMember> centre = Optional.of(heartCentre)
                    .filter(c -> c.services().contains(treatment))
                    .or(() -> heartCentres.stream()
                            .filter(c -> c.services().contains(treatment))
                            .findFirst());
            Instant decided = visit.plus(Duration.ofDays(1 + random.nextInt(5)));
            if (!own && centre.isPresent() && random.nextDouble() < 0.15) {
                escalate(referral, visit, centre.get(), treatment);
            } else if (first.services().contains(treatment) && random.nextDouble() < (own ? 0.35 : 0.08)) {
                Instant performed = treat(referral, first, decided, treatment);
                if (performed != null) {
                    referBack(referral, first, practice, performed.plus(Duration.ofDays(14 + random.nextInt(30))));
                }
            } else if (random.nextDouble() < 0.7) {
                referBack(referral, first, practice, visit.plus(Duration.ofDays(7 + random.nextInt(30))));
            }
        }

        /**
         * The regional visit, then the heart centre: a test it asks of the centre, the centre's own visit, the decision
         * to treat, the procedure, follow-up contacts, back-referrals.
         */
        private void escalate(String referral, Instant visit, NetworkMember centre, String treatment) {
            Instant escalated = visit.plus(Duration.ofDays(1 + random.nextInt(5)));
            if (random.nextDouble() < 0.4) {
                testAsked(hospital, centre, escalated);
            }
            String toCentre = create(request("referral", hospital, centre, treatment, null, escalated, referral), null);
            Instant centreVisit = seen(toCentre, centre, escalated, typicalWait(centre, 14));
            if (centreVisit == null) {
                return;
            }
            Instant performed = treat(toCentre, centre, centreVisit, treatment);
            if (performed == null) {
                return;
            }
            followUps(toCentre, performed);
            Instant back = performed.plus(Duration.ofDays(3 + random.nextInt(7)));
            if (referBack(toCentre, centre, hospital, back) && random.nextDouble() < 0.7) {
                referBack(referral, hospital, practice, back.plus(Duration.ofDays(14 + random.nextInt(30))));
            }
        }

        /**
         * Heart failure: half the patients seen at a hospital with telemonitoring are enrolled for half a year with the
         * demo's platform (where it is in the directory); the server ends those whose period is over.
         */
        private void enrol(String referral, NetworkMember at, Instant visit) {
            Instant start = working(visit.plus(Duration.ofDays(7 + random.nextInt(21))));
            if (start.isAfter(now) || !resources.exists("Organization", DEMO_PLATFORM)) {
                return;
            }
            ServiceRequest enrolment =
                    request("telemonitoring", at, at, "telemonitoring", "Telemonitoring", start, referral);
            enrolment.addExtension(Telemonitoring.PLATFORM_EXTENSION, new Reference("Organization/" + DEMO_PLATFORM));
            enrolment.setOccurrence(
                    new Period().setStart(Date.from(start)).setEnd(Date.from(start.plus(Duration.ofDays(180)))));
            create(enrolment, null);
        }

        /** The decision to treat at {@code decided} and the treatment after its wait; null when that is still to come. */
        private Instant treat(String referral, NetworkMember at, Instant decided, String treatment) {
            String decision = create(request("procedure", at, at, treatment, null, decided, referral), null);
            boolean inpatient = List.of("cabg", "tavi", "valve-surgery").contains(treatment);
            Instant performed = decided.plus(waitAround(inpatient ? 30 : 20));
            if (performed.isAfter(now)) {
                return null;
            }
            Procedure procedure = new Procedure();
            procedure.setStatus(Procedure.ProcedureStatus.COMPLETED);
            procedure.setCode(new CodeableConcept(new Coding(SERVICE, treatment, null)));
            procedure.setSubject(new Reference("Patient/" + patientId));
            procedure.addBasedOn(new Reference(decision));
            procedure.setPerformed(new DateTimeType(Date.from(performed)));
            create(procedure, null);
            return performed;
        }

        /**
         * Contacts after {@code after} at the hospital the referral went to, each kind by its own chance: a physical
         * check-up, a call with the results, a video consult, a written answer through the portal.
         */
        private void followUps(String referral, Instant after) {
            for (Treatment kind : FOLLOW_UPS) {
                if (random.nextDouble() < kind.share()) {
                    Instant at = working(after.plus(Duration.ofDays(7 + random.nextInt(60))));
                    if (at.isBefore(now)) {
                        Appointment contact = appointment(referral, at, Appointment.AppointmentStatus.FULFILLED);
                        contact.setAppointmentType(
                                new CodeableConcept(new Coding(ContactKindMapping.SYSTEM, kind.service(), null)));
                        create(contact, null);
                    }
                }
            }
        }

        /** A test (telediagnostics) asked of {@code at} for the reason, and its report some days later. */
        private void testAsked(NetworkMember from, NetworkMember at, Instant asked) {
            List<String> offered = reason.tests().stream()
                    .filter(test -> at.services().contains(test))
                    .toList();
            if (offered.isEmpty() || asked.isAfter(now)) {
                return;
            }
            String test = offered.get(random.nextInt(offered.size()));
            String request = create(request("telediagnostics", from, at, test, null, asked, null), null);
            Instant issued = asked.plus(waitAround(10));
            if (issued.isAfter(now)) {
                return;
            }
            DiagnosticReport report = new DiagnosticReport();
            report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
            report.addBasedOn(new Reference(request));
            report.setSubject(new Reference("Patient/" + patientId));
            report.setCode(new CodeableConcept(new Coding(SERVICE, test, null)));
            report.setIssued(Date.from(issued));
            report.setConclusion("Geen afwijkingen die verwijzing in de weg staan.");
            create(report, null);
        }

        /** A meekijkconsult of the GP, answered by the hospital a few days later. */
        private void consultAsked(NetworkMember at, Instant asked) {
            ServiceRequest consult = request(
                    "meekijkconsult", practice, at, "outpatient-cardiology", "Outpatient cardiology", asked, null);
            consult.addExtension(Consults.CONVERSION_ALLOWED, new BooleanType(false));
            consult.addNote().setText("Graag uw advies: " + reason.display() + ".");
            String stored = create(consult, null);
            Instant answered = working(asked.plus(Duration.ofDays(1 + random.nextInt(3))));
            if (answered.isAfter(now)) {
                return;
            }
            Communication answer = new Communication();
            answer.setStatus(Communication.CommunicationStatus.COMPLETED);
            answer.addBasedOn(new Reference(stored));
            answer.setSubject(new Reference("Patient/" + patientId));
            answer.addCategory(new CodeableConcept(new Coding(Consults.MESSAGE_SYSTEM, "answer", null)));
            answer.setSender(new Reference(at.organization()));
            answer.addRecipient(new Reference(practice.organization()));
            answer.setSent(Date.from(answered));
            answer.addPayload()
                    .setContent(new StringType("Beleid: eerst aanvullend onderzoek, dan zo nodig verwijzen."));
            create(answer, null);
        }

        private String treatment() {
            double draw = random.nextDouble();
            for (Treatment treatment : reason.treatments()) {
                draw -= treatment.share();
                if (draw < 0) {
                    return treatment.service();
                }
            }
            return reason.treatments().get(0).service();
        }

        /** Books and holds the first visit (after a no-show, a second one); null when it is still to come. */
        private Instant seen(String referral, NetworkMember at, Instant from, Duration wait) {
            Instant visit = working(from.plus(wait));
            if (random.nextDouble() < 0.04 && visit.isBefore(now)) {
                create(appointment(referral, visit, Appointment.AppointmentStatus.NOSHOW), null);
                visit = working(visit.plus(Duration.ofDays(14 + random.nextInt(14))));
            }
            if (visit.isAfter(now)) {
                return null;
            }
            create(appointment(referral, visit, Appointment.AppointmentStatus.FULFILLED), null);
            return visit;
        }

        /** A back-referral with its letter, unless it would lie in the future. */
        private boolean referBack(String closes, NetworkMember from, NetworkMember to, Instant at) {
            if (at.isAfter(now)) {
                return false;
            }
            DocumentReference letter = new DocumentReference();
            letter.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
            letter.setType(new CodeableConcept(new Coding("http://loinc.org", "18842-5", "Discharge summary")));
            letter.setSubject(new Reference("Patient/" + patientId));
            letter.setDate(Date.from(at));
            letter.addContent()
                    .getAttachment()
                    .setContentType("text/plain")
                    .setData(("Terugverwijzing na " + reason.display() + ". Beleid: controle door de verwijzer.")
                            .getBytes(StandardCharsets.UTF_8));
            String stored = create(letter, null);
            ServiceRequest back =
                    request("back-referral", from, to, "outpatient-cardiology", "Outpatient cardiology", at, closes);
            back.addSupportingInfo(new Reference(stored));
            create(back, null);
            return true;
        }

        /** The GP withdraws the referral (the patient got better, or went elsewhere). */
        private void revoke(ServiceRequest referral, Instant at) {
            if (at.isAfter(now)) {
                return;
            }
            ServiceRequest withdrawn = referral.copy();
            withdrawn.setStatus(ServiceRequest.ServiceRequestStatus.REVOKED);
            writer.update(referral.getIdElement().getIdPart(), withdrawn, null, false, Caller.system());
        }

        private Patient patient() {
            Patient patient = new Patient();
            patient.addIdentifier().setSystem(PATIENT_SYSTEM).setValue(patientId);
            patient.addName()
                    .setFamily(FAMILIES[random.nextInt(FAMILIES.length)])
                    .addGiven(random.nextBoolean() ? "A." : "M.");
            patient.setGender(
                    random.nextBoolean()
                            ? Enumerations.AdministrativeGender.FEMALE
                            : Enumerations.AdministrativeGender.MALE);
            patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(String.format(
                    "%d-%02d-%02d", 1935 + random.nextInt(50), 1 + random.nextInt(12), 1 + random.nextInt(28))));
            patient.addGeneralPractitioner(new Reference(practice.organization()));
            return patient;
        }

        private ServiceRequest request(
                String category,
                NetworkMember from,
                NetworkMember to,
                String service,
                String display,
                Instant authored,
                String basedOn) {
            ServiceRequest request = new ServiceRequest();
            request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
            request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
            request.setPriority(
                    random.nextDouble() < 0.1
                            ? ServiceRequest.ServiceRequestPriority.URGENT
                            : ServiceRequest.ServiceRequestPriority.ROUTINE);
            request.addCategory(new CodeableConcept(new Coding(CATEGORY, category, null)));
            request.setCode(new CodeableConcept(new Coding(SERVICE, service, display)));
            request.setSubject(new Reference("Patient/" + patientId));
            request.setRequester(new Reference(from.organization()));
            request.addPerformer(new Reference(to.organization()));
            request.addReasonCode(new CodeableConcept(new Coding(SNOMED, reason.code(), reason.display())));
            request.setAuthoredOn(Date.from(authored));
            if (basedOn != null) {
                request.addBasedOn(new Reference(basedOn));
            }
            return request;
        }

        private Appointment appointment(String referral, Instant start, Appointment.AppointmentStatus status) {
            Appointment appointment = new Appointment();
            appointment.setStatus(status);
            appointment.addBasedOn(new Reference(referral));
            appointment.setStart(Date.from(start));
            appointment.setEnd(Date.from(start.plus(Duration.ofMinutes(20))));
            appointment
                    .addParticipant()
                    .setActor(new Reference("Patient/" + patientId))
                    .setStatus(Appointment.ParticipationStatus.ACCEPTED);
            return appointment;
        }

        private String create(Resource resource, String id) {
            Resource stored = stored(resource, id);
            return stored.fhirType() + "/" + stored.getIdElement().getIdPart();
        }

        private Resource stored(Resource resource, String id) {
            return writer.create(resource, id, false, Caller.system()).resource();
        }

        private Reason pickReason() {
            double draw = random.nextDouble();
            for (Reason candidate : REASONS) {
                draw -= candidate.share();
                if (draw < 0) {
                    return candidate;
                }
            }
            return REASONS.get(0);
        }

        /** Each hospital has its own usual wait around {@code typicalDays} (some are busier), spread like real waits (log-normal). */
        private Duration typicalWait(NetworkMember at, int typicalDays) {
            double busyness = 0.6 + (Math.floorMod(at.organization().hashCode(), 100) / 100.0) * 1.2;
            return waitAround(typicalDays * busyness);
        }

        private Duration waitAround(double medianDays) {
            double days = medianDays * Math.exp(0.45 * random.nextGaussian());
            return Duration.ofMinutes((long) (days * 24 * 60));
        }

        /** Visits are on working days, between 8:30 and 16:30. */
        private Instant working(Instant moment) {
            LocalDate day = DutchTime.dateOf(moment);
            while (day.getDayOfWeek().getValue() > 5) {
                day = day.plusDays(1);
            }
            return day.atTime(8 + random.nextInt(8), 30).atZone(DutchTime.ZONE).toInstant();
        }
    }
}
