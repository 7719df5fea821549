// The coordinators' dashboard: waiting times of one network from /api/reports/waiting-times and its open loops from
// /api/networks/{id}/census, drawn with Chart.js. Every number shown is one the API returned; nothing is computed here.
'use strict';

function query(measure, groupBy) {
    const parameters = new URLSearchParams({network: $('network').value.trim(), measure, groupBy});
    if ($('from').value) parameters.set('from', $('from').value);
    if ($('to').value) parameters.set('to', $('to').value);
    return '/reports/waiting-times?' + parameters;
}

/** Bars of p50 and p80 per hospital with the norm's target and maximum as lines. */
function hospitalChart(id, report, norms) {
    const rows = report.rows.filter((row) => row.count > 0);
    const labels = rows.map((row) => row.organizationName || row.organization);
    const datasets = [
        {label: 'p50 (days)', data: rows.map((row) => row.p50), backgroundColor: '#3d6fb6'},
        {label: 'p80 (days)', data: rows.map((row) => row.p80), backgroundColor: '#9bb8e0'},
    ];
    const highest = Math.max(...norms.map((norm) => norm.days), ...rows.map((row) => row.p80 || 0));
    draw(id, {data: {labels, datasets}, options: {plugins: {normLines: {lines: norms}},
        scales: {y: {beginAtZero: true, suggestedMax: highest + 5, title: {display: true, text: 'days'}}}}});
    table(id.replace('-chart', '-table'), ['Hospital', 'Seen', 'p50', 'p80', 'p90', 'Max', 'Mean', 'Within target', 'Within maximum'],
        report.rows.map((row) => [row.organizationName || row.organization, row.count, row.p50, row.p80, row.p90, row.max, row.mean,
            percent(row.withinTarget), percent(row.withinMaximum)]));
}

function trendChart(report) {
    const labels = report.rows.map((row) => row.month);
    draw('trend-chart', {type: 'line', data: {labels, datasets: [
        {label: 'p50 (days)', data: report.rows.map((row) => row.p50), borderColor: '#3d6fb6'},
        {label: 'p80 (days)', data: report.rows.map((row) => row.p80), borderColor: '#9bb8e0'},
    ]}, options: {scales: {y: {beginAtZero: true, title: {display: true, text: 'days'}}}}});
    table('trend-table', ['Month', 'Ended', 'p50', 'p80', 'p90', 'Within target'],
        report.rows.map((row) => [row.month, row.count, row.p50, row.p80, row.p90, percent(row.withinTarget)]));
}

function waitingChart(access, census, loopTimes) {
    const loops = new Map(census.organizations.map((place) => [place.organization, place.openLoops]));
    const closed = new Map(loopTimes.rows.map((row) => [row.organization, row.loopsClosed]));
    const rows = access.rows.filter((row) => row.waitingNow > 0 || loops.get(row.organization) > 0);
    const labels = rows.map((row) => row.organizationName || row.organization);
    draw('waiting-chart', {type: 'bar', data: {labels, datasets: [
        {label: 'Waiting for a first visit now', data: rows.map((row) => row.waitingNow), backgroundColor: '#3d6fb6'},
        {label: 'Open loops (no outcome after ' + census.openLoopDays + ' days)', data: rows.map((row) => loops.get(row.organization) || 0),
            backgroundColor: '#e07b00'},
    ]}, options: {scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}});
    table('waiting-table', ['Hospital', 'Waiting now', 'Longest wait so far (days)', 'Open loops', 'Loops closed'],
        rows.map((row) => [row.organizationName || row.organization, row.waitingNow, row.longestWaitingDays, loops.get(row.organization) || 0,
            percent(closed.get(row.organization))]));
}

function norm(report, which) {
    const norm = which ? report.norm[which] : report.norm;
    const prefix = which ? which + ' ' : '';
    return [{label: prefix + 'target ' + norm.targetDays + ' days', days: norm.targetDays}, {label: prefix + 'maximum ' + norm.maximumDays + ' days', days: norm.maximumDays}];
}

async function load() {
    if (!token()) {
        status('Sign in first.');
        return;
    }
    status('Loading…');
    try {
        const network = $('network').value.trim();
        const [access, treatment, trend, census, loopTimes] = await Promise.all([
            api(query('access', 'organization')), api(query('treatment', 'organization')),
            api(query($('trend-measure').value, 'month')), api('/networks/' + encodeURIComponent(network) + '/census?openLoopsListed=0'),
            api(query('loop', 'organization'))]);
        $('from').value = access.from;
        $('to').value = access.to;
        hospitalChart('access-chart', access, norm(access));
        hospitalChart('treatment-chart', treatment, [...norm(treatment, 'day'), ...norm(treatment, 'inpatient')]);
        trendChart(trend);
        waitingChart(access, census, loopTimes);
        status('Waits that ended from ' + access.from + ' to ' + access.to + '; waiting list on ' + access.waitingListOn + '.');
        document.body.dataset.loaded = access.from + '/' + access.to + '/' + $('trend-measure').value;
    } catch (failure) {
        status('Could not load the figures: ' + failure.message, true);
    }
}

async function downloadCsv(event) {
    const button = event.currentTarget;
    const measure = button.dataset.measure === 'trend' ? $('trend-measure').value : button.dataset.measure;
    try {
        const blob = await api(query(measure, button.dataset.group), 'text/csv');
        const link = document.createElement('a');
        link.href = URL.createObjectURL(blob);
        link.download = 'waiting-times-' + measure + '-' + button.dataset.group + '.csv';
        link.click();
        URL.revokeObjectURL(link.href);
    } catch (failure) {
        status('Could not download: ' + failure.message, true);
    }
}

document.addEventListener('DOMContentLoaded', async () => {
    $('signin').addEventListener('submit', signIn);
    $('filters').addEventListener('submit', (event) => { event.preventDefault(); load(); });
    document.querySelectorAll('button.csv').forEach((button) => button.addEventListener('click', downloadCsv));
    await offerUsers();
    if (token()) load();
});
