package nl.hartketen.interfaces.fhir.provider;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.figures.ActivityFigures;
import nl.hartketen.application.waiting.Dimension;
import nl.hartketen.application.waiting.ReportFilter;
import nl.hartketen.application.waiting.WaitingTimeReport;
import nl.hartketen.domain.chain.Network;
import nl.hartketen.domain.shared.DutchTime;
import nl.hartketen.domain.waiting.WaitStatistics;
import nl.hartketen.interfaces.reports.FiguresSettings;
import nl.hartketen.interfaces.reports.ReportParameters;
import nl.hartketen.workflow.audit.Reading;
import nl.hartketen.workflow.report.NetworkFigures;
import nl.hartketen.workflow.resource.ClasspathFiles;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * The Measures (fhir-profiles/measures) and {@code $evaluate-measure}: the annual figures as
 * /api/reports/annual-figures ({@link AnnualFiguresMeasure}), and the waiting times as
 * /api/reports/waiting-times as a MeasureReport, summary and stratified per organization and care path, the way other
 * FHIR tools fetch quality figures.
 */
public class MeasureProvider implements IResourceProvider {

    static final String GROUP_SYSTEM = "https://hartketen.nl/fhir/CodeSystem/waiting-time-group";
    private static final String MEASURE_IDENTIFIER = "https://hartketen.nl/fhir/NamingSystem/waiting-time-measure";
    private static final String POPULATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/measure-population";
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final String FIGURES = "waiting times";

    private final Map<String, Measure> measures = new LinkedHashMap<>();
    private final WaitingTimeReport report;
    private final NetworkFigures networks;
    private final RequestCaller callers;
    private final Clock clock;
    private final AnnualFiguresMeasure annualFigures;

    public MeasureProvider(
            FhirContext context,
            WaitingTimeReport report,
            NetworkFigures networks,
            RequestCaller callers,
            Clock clock,
            ActivityFigures figures,
            FiguresSettings settings) {
        for (String path : ClasspathFiles.listed("fhir-profiles/measures")) {
            Measure measure = context.newJsonParser().parseResource(Measure.class, ClasspathFiles.read(path));
            measures.put(measure.getIdElement().getIdPart(), measure);
        }
        this.report = report;
        this.networks = networks;
        this.callers = callers;
        this.clock = clock;
        this.annualFigures = new AnnualFiguresMeasure(figures, networks, settings, clock);
    }

    @Override
    public Class<Measure> getResourceType() {
        return Measure.class;
    }

    @Read
    public Measure read(@IdParam IdType id) {
        return measure(id);
    }

    @Search
    public List<Measure> all() {
        return List.copyOf(measures.values());
    }

    /**
     * @param subject the network ("Organization/hartnet", a coordinator's own by default) or one of its members
     */
    @Operation(name = "$evaluate-measure", idempotent = true)
    public MeasureReport evaluate(
            @IdParam IdType id,
            @OperationParam(name = "periodStart", min = 1, max = 1) StringType periodStart,
            @OperationParam(name = "periodEnd", min = 1, max = 1) StringType periodEnd,
            @OperationParam(name = "subject", max = 1) StringType subject,
            RequestDetails request) {
        Measure measure = measure(id);
        if (AnnualFiguresMeasure.evaluates(measure)) {
            Caller caller = callers.of(request);
            String hospital = subject == null || subject.isEmpty() ? null : subject.getValue();
            Readings.said(request, NetworkFigures.ANNUAL_FIGURES).of(hospital);
            return ClientInput.parsed(() -> annualFigures.evaluate(
                    measure,
                    caller,
                    periodStart == null ? null : periodStart.getValue(),
                    periodEnd == null ? null : periodEnd.getValue(),
                    hospital));
        }
        nl.hartketen.domain.waiting.Measure measured =
                nl.hartketen.domain.waiting.Measure.fromCode(measure.getIdentifier().stream()
                        .filter(identifier -> MEASURE_IDENTIFIER.equals(identifier.getSystem()))
                        .findFirst()
                        .orElseThrow()
                        .getValue());
        Caller caller = callers.of(request);
        String asked = subject == null || subject.isEmpty() ? null : subject.getValue();
        Reading reading =
                Readings.said(request, NetworkFigures.WAITING_TIME_REPORT).of(asked);
        String named = ClientInput.parsed(() -> networkOf(caller, asked));
        reading.of(named);
        Network network = ClientInput.parsed(() -> networks.asked(caller, named, FIGURES)
                .orElseThrow(
                        () -> new IllegalArgumentException("name the network (subject=Organization/hartnet, say)")));
        reading.of(network.organization());
        LocalDate from = ClientInput.parsed(
                () -> ReportParameters.date("periodStart", periodStart == null ? null : periodStart.getValue()));
        LocalDate to = ClientInput.parsed(
                () -> ReportParameters.date("periodEnd", periodEnd == null ? null : periodEnd.getValue()));
        ReportFilter filter = ClientInput.parsed(() -> {
            ReportParameters.requireOrdered("periodStart", from, "periodEnd", to);
            return new ReportFilter(
                    measured,
                    ReportParameters.performers(
                            "subject",
                            network,
                            asked == null || asked.equals(network.organization()) ? List.of() : List.of(asked)),
                    null,
                    null,
                    null,
                    from,
                    to);
        });
        LocalDate today = DutchTime.dateOf(clock.instant());
        Optional<WaitingTimeReport.Row> summary =
                report.rows(filter, List.of(), today).stream().findFirst();
        List<WaitingTimeReport.Row> perOrganization = report.rows(filter, List.of(Dimension.ORGANIZATION), today);
        List<WaitingTimeReport.Row> perCarePath = report.rows(filter, List.of(Dimension.CARE_PATH), today);

        MeasureReport result = new MeasureReport();
        result.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
        result.setType(MeasureReport.MeasureReportType.SUMMARY);
        result.setMeasure(measure.getUrl());
        result.setDate(Date.from(clock.instant()));
        result.setPeriod(new Period()
                .setStartElement(new org.hl7.fhir.r4.model.DateTimeType(from.toString()))
                .setEndElement(new org.hl7.fhir.r4.model.DateTimeType(to.toString())));
        result.setReporter(new Reference(asked == null ? network.organization() : asked));
        for (Measure.MeasureGroupComponent definition : measure.getGroup()) {
            String code = definition.getCode().getCodingFirstRep().getCode();
            MeasureReport.MeasureReportGroupComponent group =
                    result.addGroup().setCode(definition.getCode().copy());
            Figures figures = Figures.of(code, summary);
            figures.populations.forEach((population, count) -> group.addPopulation()
                    .setCode(new CodeableConcept(new Coding(POPULATION_SYSTEM, population, null)))
                    .setCount(count));
            group.setMeasureScore(figures.score);
            stratify(group, "organization", perOrganization, code);
            stratify(group, "care-path", perCarePath, code);
        }
        return result;
    }

    private static void stratify(
            MeasureReport.MeasureReportGroupComponent group, String by, List<WaitingTimeReport.Row> rows, String code) {
        MeasureReport.MeasureReportGroupStratifierComponent stratifier = group.addStratifier();
        stratifier.addCode(new CodeableConcept(new Coding(GROUP_SYSTEM, by, null)));
        for (WaitingTimeReport.Row row : rows) {
            Figures figures = Figures.of(code, Optional.of(row));
            MeasureReport.StratifierGroupComponent stratum = stratifier
                    .addStratum()
                    .setValue(new CodeableConcept()
                            .setText(
                                    row.group().get(0) == null
                                            ? "none"
                                            : row.group().get(0)));
            figures.populations.forEach((population, count) -> stratum.addPopulation()
                    .setCode(new CodeableConcept(new Coding(POPULATION_SYSTEM, population, null)))
                    .setCount(count));
            stratum.setMeasureScore(figures.score);
        }
    }

    /** A group's population counts and score from a report row (none: every count 0, no score). */
    private record Figures(Map<String, Integer> populations, Quantity score) {

        static Figures of(String group, Optional<WaitingTimeReport.Row> row) {
            Optional<WaitStatistics> ended = row.flatMap(WaitingTimeReport.Row::ended);
            int count = ended.map(statistics -> (int) statistics.count()).orElse(0);
            Map<String, Integer> populations = new LinkedHashMap<>();
            return switch (group) {
                case "within-target", "within-maximum" -> {
                    Function<WaitStatistics, Double> share = group.equals("within-target")
                            ? WaitStatistics::shareWithinTarget
                            : WaitStatistics::shareWithinMaximum;
                    populations.put("initial-population", count);
                    populations.put("denominator", count);
                    populations.put(
                            "numerator",
                            ended.map(statistics -> (int) Math.round(share.apply(statistics) * statistics.count()))
                                    .orElse(0));
                    yield new Figures(
                            populations,
                            ended.map(statistics -> new Quantity(Math.round(share.apply(statistics) * 1000) / 1000.0))
                                    .orElse(null));
                }
                case "p50", "p80", "p90" -> {
                    populations.put("measure-population", count);
                    yield new Figures(
                            populations,
                            ended.map(statistics -> days(
                                            switch (group) {
                                                case "p50" -> statistics.p50();
                                                case "p80" -> statistics.p80();
                                                default -> statistics.p90();
                                            }))
                                    .orElse(null));
                }
                case "loops-closed" -> {
                    Optional<WaitingTimeReport.Loops> loops = row.map(WaitingTimeReport.Row::loops);
                    int started = loops.map(counts -> (int) counts.started()).orElse(0);
                    populations.put("initial-population", started);
                    populations.put("denominator", started);
                    populations.put(
                            "numerator",
                            loops.map(counts -> (int) counts.closed()).orElse(0));
                    yield new Figures(
                            populations,
                            loops.map(counts -> new Quantity(Math.round(counts.closedShare() * 1000) / 1000.0))
                                    .orElse(null));
                }
                case "waiting-now" -> {
                    populations.put(
                            "initial-population",
                            row.map(WaitingTimeReport.Row::waitingNow)
                                    .map(Long::intValue)
                                    .orElse(0));
                    yield new Figures(populations, null);
                }
                default -> throw new IllegalStateException("unknown group " + group);
            };
        }

        private static Quantity days(int days) {
            return new Quantity().setValue(days).setUnit("d").setSystem(UCUM).setCode("d");
        }
    }

    /** The network the subject belongs to: itself, or (for a member) the caller's network or else the first that has it. */
    private String networkOf(Caller caller, String subject) {
        if (subject == null) {
            return null;
        }
        if (!subject.startsWith("Organization/")) {
            throw new IllegalArgumentException(
                    "subject must be an Organization: the network or one of its members, not " + subject);
        }
        return networks.holding(caller, subject, FIGURES)
                .orElseThrow(() ->
                        new IllegalArgumentException("subject: " + subject + " is not a network nor a member of one"));
    }

    private Measure measure(IdType id) {
        Measure measure = measures.get(id.getIdPart());
        if (measure == null) {
            throw new ResourceNotFoundException(
                    "Measure/" + id.getIdPart() + " is not known; known: " + String.join(", ", measures.keySet()));
        }
        return measure;
    }
}
