// What the dashboard's pages share: signing in (the development token issuer or a pasted token), calling /api with
// the token, drawing charts with Chart.js (with lines across them: norms, ambitions) and tables. Each page defines
// load(), which signing in calls.
'use strict';

const TOKEN_KEY = 'hartketen-token';
const NORM_COLOURS = ['#b00020', '#e07b00', '#6a1b9a', '#2e7d32'];
const charts = {};
const $ = (id) => document.getElementById(id);

/** Norm lines: horizontal across the whole chart, whatever the number of bars (options.lines: label and days, or any y value). */
const normLines = {
    id: 'normLines',
    afterDatasetsDraw(chart, args, options) {
        const {ctx, chartArea, scales} = chart;
        (options.lines || []).forEach((line, index) => {
            const y = scales.y.getPixelForValue(line.days);
            ctx.save();
            ctx.strokeStyle = NORM_COLOURS[index % NORM_COLOURS.length];
            ctx.fillStyle = ctx.strokeStyle;
            ctx.setLineDash([6, 4]);
            ctx.beginPath();
            ctx.moveTo(chartArea.left, y);
            ctx.lineTo(chartArea.right, y);
            ctx.stroke();
            ctx.font = '11px system-ui, sans-serif';
            ctx.textAlign = 'right';
            ctx.fillText(line.label, chartArea.right - 4, y - 4);
            ctx.restore();
        });
    },
};

function token() {
    return sessionStorage.getItem(TOKEN_KEY);
}

async function api(path, accept = 'application/json') {
    const response = await fetch('../api' + path, {headers: {Authorization: 'Bearer ' + token(), Accept: accept}});
    if (!response.ok) {
        let detail = response.statusText;
        try {
            detail = (await response.json()).detail || detail;
        } catch (ignored) {
            // not a problem document
        }
        throw new Error(response.status + ': ' + detail);
    }
    return accept === 'application/json' ? response.json() : response.blob();
}

function status(text, error = false) {
    $('status').textContent = text;
    $('status').className = error ? 'error' : '';
}

function draw(id, config) {
    if (charts[id]) charts[id].destroy();
    charts[id] = new Chart($(id), Object.assign({type: 'bar', plugins: [normLines]}, config,
        {options: Object.assign({maintainAspectRatio: false, animation: false}, config.options)}));
}

function table(id, headings, rows) {
    const element = $(id);
    element.replaceChildren();
    const head = element.createTHead().insertRow();
    headings.forEach((heading) => { const cell = document.createElement('th'); cell.textContent = heading; head.appendChild(cell); });
    const body = element.createTBody();
    rows.forEach((values) => { const row = body.insertRow(); values.forEach((value) => { row.insertCell().textContent = value ?? '–'; }); });
}

function percent(share) {
    return share == null ? null : (share * 100).toFixed(1) + '%';
}

async function signIn(event) {
    event.preventDefault();
    try {
        if ($('token').value.trim()) {
            sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
        } else {
            const response = await fetch('../dev-issuer/token', {method: 'POST', body: new URLSearchParams({user: $('user').value})});
            if (!response.ok) throw new Error('the development token issuer refused (' + response.status + ')');
            sessionStorage.setItem(TOKEN_KEY, (await response.json()).access_token);
        }
        $('who').textContent = $('token').value.trim() ? 'signed in with a token' : 'signed in as ' + $('user').value;
        await load();
    } catch (failure) {
        status('Could not sign in: ' + failure.message, true);
    }
}

/** With the demo profile, the development token issuer lists its users; otherwise only a token can be given. */
async function offerUsers() {
    try {
        const response = await fetch('../dev-issuer/users');
        if (!response.ok) throw new Error();
        const users = (await response.json()).filter((user) => user.role === 'coordinator' || user.role === 'admin');
        users.forEach((user) => $('user').add(new Option(user.user + ' — ' + (user.description || user.role), user.user)));
    } catch (ignored) {
        $('user').closest('label').hidden = true;
    }
}
