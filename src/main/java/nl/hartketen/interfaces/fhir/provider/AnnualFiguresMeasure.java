package nl.hartketen.interfaces.fhir.provider;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.function.Predicate;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.figures.ActivityFigures;
import nl.hartketen.domain.chain.Network;
import nl.hartketen.domain.shared.DutchTime;
import nl.hartketen.interfaces.reports.FiguresSettings;
import nl.hartketen.interfaces.reports.ReportParameters;
import nl.hartketen.workflow.report.NetworkFigures;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * {@code $evaluate-measure} of the annual-figures Measure: a hospital's calendar year as a MeasureReport, the same
 * figures as /api/reports/annual-figures (docs/figures.md), each group stratified by kind.
 */
final class AnnualFiguresMeasure {

    static final String IDENTIFIER = "https://hartketen.nl/fhir/NamingSystem/activity-measure";
    private static final String GROUP_SYSTEM = "https://hartketen.nl/fhir/CodeSystem/activity-group";
    private static final String POPULATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/measure-population";
    private static final String FIGURES = "annual figures";

    private final ActivityFigures figures;
    private final NetworkFigures networks;
    private final FiguresSettings settings;
    private final Clock clock;

    AnnualFiguresMeasure(ActivityFigures figures, NetworkFigures networks, FiguresSettings settings, Clock clock) {
        this.figures = figures;
        this.networks = networks;
        this.settings = settings;
        this.clock = clock;
    }

    static boolean evaluates(Measure measure) {
        return measure.getIdentifier().stream().anyMatch(identifier -> IDENTIFIER.equals(identifier.getSystem()));
    }

    /** @param subject the hospital, "Organization/umcg" */
    MeasureReport evaluate(Measure measure, Caller caller, String periodStart, String periodEnd, String subject) {
        if (subject == null || !subject.startsWith("Organization/")) {
            throw new IllegalArgumentException(
                    "subject is required: the hospital, an Organization of a network (subject=Organization/umcg)");
        }
        String network = networks.holding(caller, subject, FIGURES)
                .orElseThrow(
                        () -> new IllegalArgumentException("subject: " + subject + " is not a member of any network"));
        Network found = networks.of(caller, network, FIGURES);
        ReportParameters.performers("subject", found, List.of(subject));
        LocalDate from = ReportParameters.date("periodStart", periodStart);
        LocalDate to = ReportParameters.date("periodEnd", periodEnd);
        if (from.getDayOfYear() != 1 || !to.equals(from.withMonth(12).withDayOfMonth(31))) {
            throw new IllegalArgumentException(
                    "periodStart and periodEnd span one calendar year: yyyy-01-01 to yyyy-12-31," + " not " + from
                            + " to " + to);
        }
        int thisYear = DutchTime.dateOf(clock.instant()).getYear();
        if (from.getYear() > thisYear) {
            throw new IllegalArgumentException("periodStart: " + from.getYear() + " has not begun");
        }
        ActivityFigures.AnnualFigures year =
                figures.annual(subject, from.getYear(), settings.accessCarePath(), settings.accessNormDays());

        MeasureReport report = new MeasureReport();
        report.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
        report.setType(MeasureReport.MeasureReportType.SUMMARY);
        report.setMeasure(measure.getUrl());
        report.setDate(Date.from(clock.instant()));
        report.setPeriod(new Period()
                .setStartElement(new DateTimeType(from.toString()))
                .setEndElement(new DateTimeType(to.toString())));
        report.setReporter(new Reference(subject));
        for (Measure.MeasureGroupComponent definition : measure.getGroup()) {
            String code = definition.getCode().getCodingFirstRep().getCode();
            MeasureReport.MeasureReportGroupComponent group =
                    report.addGroup().setCode(definition.getCode().copy());
            switch (code) {
                case "procedures" -> {
                    counted(group, year.procedures());
                    MeasureReport.MeasureReportGroupStratifierComponent origin = stratifier(group, "origin");
                    long referred = year.procedures().stream()
                            .mapToLong(ActivityFigures.Figure::referred)
                            .sum();
                    stratum(origin, "own", total(year.procedures()) - referred);
                    stratum(origin, "referred", referred);
                }
                case "diagnostics" -> counted(group, year.diagnostics());
                case "contacts" -> counted(group, year.contacts());
                case "requests" -> counted(group, year.requests());
                case "access-within-norm" -> {
                    long seen = year.access().count();
                    long within = year.access().withinNorm() == null
                            ? 0
                            : Math.round(year.access().withinNorm() * seen);
                    population(group.addPopulation(), "initial-population", seen);
                    population(group.addPopulation(), "denominator", seen);
                    population(group.addPopulation(), "numerator", within);
                    if (year.access().withinNorm() != null) {
                        group.setMeasureScore(
                                new Quantity(Math.round(year.access().withinNorm() * 1000) / 1000.0));
                    }
                }
                case "access-p50" -> {
                    population(
                            group.addPopulation(),
                            "measure-population",
                            year.access().count());
                    if (year.access().p50() != null) {
                        group.setMeasureScore(new Quantity()
                                .setValue(year.access().p50())
                                .setUnit("d")
                                .setSystem("http://unitsofmeasure.org")
                                .setCode("d"));
                    }
                }
                default -> throw new IllegalStateException("unknown group " + code);
            }
        }
        return report;
    }

    /** The group's count, and a stratum per kind. */
    private static void counted(MeasureReport.MeasureReportGroupComponent group, List<ActivityFigures.Figure> kinds) {
        population(group.addPopulation(), "initial-population", total(kinds));
        MeasureReport.MeasureReportGroupStratifierComponent byKind = stratifier(group, "kind");
        kinds.stream()
                .filter(Predicate.not(figure -> figure.count() == 0))
                .forEach(figure -> stratum(byKind, figure.code(), figure.count()));
    }

    private static long total(List<ActivityFigures.Figure> kinds) {
        return kinds.stream().mapToLong(ActivityFigures.Figure::count).sum();
    }

    private static MeasureReport.MeasureReportGroupStratifierComponent stratifier(
            MeasureReport.MeasureReportGroupComponent group, String by) {
        MeasureReport.MeasureReportGroupStratifierComponent stratifier = group.addStratifier();
        stratifier.addCode(new CodeableConcept(new Coding(GROUP_SYSTEM, by, null)));
        return stratifier;
    }

    private static void stratum(
            MeasureReport.MeasureReportGroupStratifierComponent stratifier, String value, long count) {
        MeasureReport.StratifierGroupComponent stratum =
                stratifier.addStratum().setValue(new CodeableConcept().setText(value));
        population(stratum.addPopulation(), "initial-population", count);
    }

    private static void population(
            MeasureReport.MeasureReportGroupPopulationComponent population, String code, long count) {
        population
                .setCode(new CodeableConcept(new Coding(POPULATION_SYSTEM, code, null)))
                .setCount((int) count);
    }

    private static void population(
            MeasureReport.StratifierGroupPopulationComponent population, String code, long count) {
        population
                .setCode(new CodeableConcept(new Coding(POPULATION_SYSTEM, code, null)))
                .setCount((int) count);
    }
}
