// The annual figures of one hospital from /api/reports/annual-figures (each figure beside the year before) and its
// digital care per month from /api/reports/digital-care, drawn with Chart.js. Every number is one the API returned.
'use strict';

const THIS_YEAR = '#3d6fb6';
const REFERRED = '#e07b00';
const BEFORE = '#b8c4d4';

function figuresQuery() {
    return new URLSearchParams({organization: $('organization').value, year: $('year').value});
}

function change(share) {
    return share == null ? null : (share > 0 ? '+' : '') + (share * 100).toFixed(1) + '%';
}

/** Bars of the year beside the year before, per kind; for procedures the year stacked as own and referred on. */
function yearChart(section, rows, year, withReferred) {
    const labels = rows.map((row) => row.display);
    const datasets = withReferred
        ? [{label: year + ' own patients', data: rows.map((row) => row.count - row.referred), backgroundColor: THIS_YEAR, stack: 'year'},
            {label: year + ' referred on by another hospital', data: rows.map((row) => row.referred), backgroundColor: REFERRED, stack: 'year'},
            {label: String(year - 1), data: rows.map((row) => row.previous), backgroundColor: BEFORE, stack: 'before'}]
        : [{label: String(year), data: rows.map((row) => row.count), backgroundColor: THIS_YEAR},
            {label: String(year - 1), data: rows.map((row) => row.previous), backgroundColor: BEFORE}];
    draw(section + '-chart', {data: {labels, datasets},
        options: {scales: {x: {stacked: withReferred}, y: {stacked: withReferred, beginAtZero: true, ticks: {precision: 0}}}}});
    const headings = ['Kind', String(year), String(year - 1), 'Change'];
    if (withReferred) headings.push('Referred on', 'Share referred');
    table(section + '-table', headings, rows.map((row) => {
        const values = [row.display, row.count, row.previous, change(row.change)];
        if (withReferred) values.push(row.referred, percent(row.referredShare));
        return values;
    }));
}

function accessChart(figures) {
    const access = figures.accessTime;
    $('access-title').textContent = '(care path ' + access.carePath + ': referral → first visit, against its own norm of '
        + access.normDays + ' days)';
    const statistics = ['p50', 'p80', 'p90'];
    draw('access-chart', {data: {labels: statistics.map((name) => name + ' (days)'), datasets: [
        {label: String(figures.year), data: statistics.map((name) => access.year[name]), backgroundColor: THIS_YEAR},
        {label: String(figures.previousYear), data: statistics.map((name) => access.previous[name]), backgroundColor: BEFORE},
    ]}, options: {plugins: {normLines: {lines: [{label: 'norm ' + access.normDays + ' days', days: access.normDays}]}},
        scales: {y: {beginAtZero: true, suggestedMax: access.normDays + 5, title: {display: true, text: 'days'}}}}});
    table('access-table', ['', String(figures.year), String(figures.previousYear)], [
        ['Seen', access.year.count, access.previous.count],
        ['p50 (days)', access.year.p50, access.previous.p50],
        ['p80 (days)', access.year.p80, access.previous.p80],
        ['p90 (days)', access.year.p90, access.previous.p90],
        ['Within ' + access.normDays + ' days', percent(access.year.withinNorm), percent(access.previous.withinNorm)],
    ]);
}

function digitalChart(digital) {
    const ambition = digital.ambition.digitalShare;
    $('digital-title').textContent = '(digital contacts among all contacts; the network\'s ambition: at least '
        + percent(ambition) + ')';
    draw('digital-chart', {type: 'line', data: {labels: digital.rows.map((row) => row.month), datasets: [
        {label: 'Digital share (%)', data: digital.rows.map((row) => row.digitalShare == null ? null : row.digitalShare * 100),
            borderColor: THIS_YEAR, spanGaps: true},
    ]}, options: {plugins: {normLines: {lines: [{label: 'ambition ' + percent(ambition), days: ambition * 100}]}},
        scales: {y: {beginAtZero: true, suggestedMax: 100, title: {display: true, text: '%'}}}}});
    table('digital-table', ['Month', 'Physical', 'Telephone', 'Video', 'Written', 'Telemonitoring', 'Digital share',
        'Meekijkconsulten', 'Telediagnostics', 'Alerts', 'To alert p50/p90 (min)', 'To acknowledgement p50/p90 (min)'],
    digital.rows.map((row) => [row.month, row.physical, row.telephone, row.video, row.written, row.telemonitoring,
        percent(row.digitalShare), row.meekijkconsulten, row.telediagnostics, row.alerts,
        row.alerts ? row.alertP50Minutes + ' / ' + row.alertP90Minutes : null,
        row.acknowledged ? row.acknowledgementP50Minutes + ' / ' + row.acknowledgementP90Minutes : null]));
}

/** The network's hospitals, from its digital-care report (one row per hospital and month), for the hospital picker. */
async function offerHospitals(network) {
    const chosen = $('organization').value;
    const today = new Date().toISOString().slice(0, 10);
    const report = await api('/reports/digital-care?' + new URLSearchParams({network, from: today, to: today}));
    const select = $('organization');
    select.replaceChildren();
    report.rows.forEach((row) => {
        const id = row.organization.replace('Organization/', '');
        select.add(new Option(row.organizationName || id, id));
    });
    const ids = [...select.options].map((option) => option.value);
    select.value = ids.includes(chosen) ? chosen : ids[0];
}

async function load() {
    if (!token()) {
        status('Sign in first.');
        return;
    }
    status('Loading…');
    try {
        if (!$('year').value) $('year').value = new Date().getFullYear();
        const network = $('network').value.trim();
        if ($('organization').dataset.network !== network) {
            await offerHospitals(network);
            $('organization').dataset.network = network;
        }
        const year = $('year').value;
        const [figures, digital] = await Promise.all([
            api('/reports/annual-figures?' + figuresQuery()),
            api('/reports/digital-care?' + new URLSearchParams({network, organization: $('organization').value,
                from: year + '-01-01', to: year + '-12-31'}))]);
        yearChart('procedures', figures.procedures, figures.year, true);
        yearChart('diagnostics', figures.diagnostics, figures.year, false);
        yearChart('contacts', figures.contacts, figures.year, false);
        yearChart('requests', figures.requests, figures.year, false);
        accessChart(figures);
        digitalChart(digital);
        status(figures.organizationName + ', ' + figures.year + ' against ' + figures.previousYear + '.');
        document.body.dataset.loaded = figures.organization + '/' + figures.year;
    } catch (failure) {
        status('Could not load the figures: ' + failure.message, true);
    }
}

async function downloadCsv() {
    try {
        const blob = await api('/reports/annual-figures?' + figuresQuery(), 'text/csv');
        const link = document.createElement('a');
        link.href = URL.createObjectURL(blob);
        link.download = 'annual-figures-' + $('organization').value + '-' + $('year').value + '.csv';
        link.click();
        URL.revokeObjectURL(link.href);
    } catch (failure) {
        status('Could not download: ' + failure.message, true);
    }
}

document.addEventListener('DOMContentLoaded', async () => {
    $('signin').addEventListener('submit', signIn);
    $('filters').addEventListener('submit', (event) => { event.preventDefault(); load(); });
    $('csv').addEventListener('click', downloadCsv);
    await offerUsers();
    if (token()) load();
});
