// The Jobs tab: every job of the journal, and one job's page with its live log and epoch chart.
import { get, post, h, ago, span, table, usd, errorLines } from './api.js';
import { MetricsChart } from './chart.js';

const STATES = ['PENDING', 'PROVISIONING', 'STAGING', 'RUNNING', 'COLLECTING', 'STOPPING',
  'INTERRUPTED', 'COMPLETED', 'FAILED', 'STOPPED'];

function badge(state) {
  return h('span', { className: 'state state-' + (state || '').toLowerCase() }, state || '?');
}

// A job's cost: so far beside its budget while it runs, its cost report once it ended.
function costCell(j) {
  const c = j.cost_so_far;
  if (c && !c.price_known) {
    return h('span', { className: 'cost-cell', title: c.missing_price }, 'cost unknown');
  }
  if (c) {
    return h('span', { className: 'cost-cell', title: 'from ' + c.price_source + ', ' + c.price_date },
      usd(c.total_usd) + ' so far' + (c.budget_usd !== undefined ? ' of ' + usd(c.budget_usd) + ' budget' : ''));
  }
  if (j.cost) return h('span', { className: 'cost-cell', title: j.cost.source }, usd(j.cost.total_usd));
  return h('span', { className: 'cost-cell', title: j.cost_unavailable || '' }, '-');
}

// A teammate's job from the provider's account: marked, and taken over on request.
function teamCell(j) {
  return [j.job_id, ' ', h('span', { className: 'team' }, 'team: ' + (j.owner || 'unknown owner')), ' ',
    h('button', { className: 'adopt', onclick: async (ev) => {
      ev.target.disabled = true;
      try {
        await post('/api/jobs/' + encodeURIComponent(j.job_id) + '/attach');
        window.location.hash = '#job/' + encodeURIComponent(j.job_id);
      } catch (e) {
        ev.target.replaceWith(h('span', { className: 'problems' }, errorLines(e).join(' ')));
      }
    } }, 'Adopt and attach')];
}

export async function renderJobs(main) {
  const all = await get('/api/jobs');
  let data = all;
  const provider = h('select', { id: 'filter-provider' }, h('option', { value: '' }, 'every provider'),
    all.providers.map((p) => h('option', { value: p }, p)));
  const state = h('select', { id: 'filter-state' }, h('option', { value: '' }, 'every state'),
    STATES.map((s) => h('option', { value: s }, s)));
  const list = h('div');
  const draw = () => {
    const rows = data.jobs.filter((j) => (!provider.value || j.provider === provider.value)
      && (!state.value || j.state === state.value));
    list.replaceChildren(rows.length === 0 ? h('p', { className: 'muted' }, 'No jobs match.')
      : table(['Job', 'Provider', 'State', 'Submitted', 'Duration', 'Cost', 'Detail'], rows.map((j) => [
        j.foreign ? teamCell(j) : h('a', { href: '#job/' + encodeURIComponent(j.job_id) }, j.job_id),
        j.provider, badge(j.state),
        h('span', { title: j.submitted_at || '' }, ago(j.submitted_at)),
        span(j.started_at || j.submitted_at, j.ended_at || (j.terminal ? j.observed_at : null)),
        costCell(j), j.message || (j.detail !== j.state ? j.detail : '')]), { id: 'jobs-table' }));
  };
  // Only a chosen provider's account is asked for the team's jobs; every provider means the journal only.
  provider.addEventListener('change', async () => {
    data = provider.value ? await get('/api/jobs?provider=' + encodeURIComponent(provider.value)) : all;
    draw();
  });
  state.addEventListener('change', draw);
  main.replaceChildren(h('h2', {}, 'Jobs'),
    h('div', { className: 'toolbar' }, provider, state,
      h('button', { onclick: () => renderJobs(main) }, 'Refresh'),
      h('a', { href: '#submit', className: 'button' }, 'New job')), list);
  draw();
}

function costView(detail) {
  const c = detail.cost_so_far;
  if (c) {
    return h('div', { id: 'cost' }, h('p', {}, 'Cost ', h('strong', { id: 'cost-so-far' }, costCell(detail)),
      c.price_known ? ' (' + span(detail.job.submitted_at, c.as_of) + ' since submission, ' + c.instance_count
        + ' x ' + c.instance_type + ' at ' + usd(c.hourly_usd) + '/h; ' + c.price_source + ', ' + c.price_date + ')'
        : ' (' + c.missing_price + ')'));
  }
  const cost = detail.cost;
  if (!cost) return h('p', { className: 'muted', id: 'cost' }, detail.cost_unavailable || 'No cost report yet.');
  return h('div', { id: 'cost' },
    h('p', {}, 'Cost ', h('strong', {}, usd(cost.total_usd)), ' (' + cost.instance_type + ', '
      + usd(cost.hourly_usd) + '/h; ' + cost.source + ')'),
    table(['Phase', 'Seconds', 'Cost'], cost.phases.map((p) => [p.phase, p.seconds, usd(p.usd)])));
}

export async function renderJob(main, id) {
  const detail = await get('/api/jobs/' + encodeURIComponent(id));
  const state = h('span', { id: 'job-state' }, badge(detail.status.state));
  const message = h('pre', { className: 'problems', id: 'job-message', hidden: true });
  const log = h('pre', { className: 'log', id: 'log' });
  const points = h('span', { id: 'chart-points', 'data-points': '0' }, 'no epochs yet');
  const chartBox = h('div', { id: 'chart' });
  const cost = h('div', {}, costView(detail));
  const chart = new MetricsChart(chartBox, (n) => {
    points.dataset.points = String(n);
    points.textContent = n + (n === 1 ? ' epoch' : ' epochs');
  });
  const act = (verb, label) => h('button', { id: verb + '-button', onclick: async (ev) => {
    ev.target.disabled = true;
    message.hidden = true;
    try {
      const r = await post('/api/jobs/' + encodeURIComponent(id) + '/' + verb);
      if (r.state) state.replaceChildren(badge(r.state));
      if (r.files) message.replaceChildren(r.files.length + ' files in ' + r.directory);
      if (r.files) message.hidden = false;
    } catch (e) {
      message.replaceChildren(errorLines(e).join('\n'));
      message.hidden = false;
    } finally {
      ev.target.disabled = false;
    }
  } }, label);
  const j = detail.job;
  main.replaceChildren(h('h2', {}, j.id), h('div', { className: 'toolbar' }, state,
    act('stop', 'Stop'), act('attach', 'Attach'), act('download', 'Download'),
    h('a', { href: '#jobs' }, 'All jobs')), message,
  table(['Provider', 'Submitted', 'Region', 'Staging'], [[j.provider, j.submitted_at, j.region || '-',
    j.staging_uri || '-']]),
  h('h3', {}, 'Epoch metrics ', points), chartBox, h('h3', {}, 'Cost'), cost, h('h3', {}, 'Log'), log);

  // The cost so far moves on with the clock: read again on each state change and every half minute.
  const refreshCost = () => get('/api/jobs/' + encodeURIComponent(id))
    .then((again) => cost.replaceChildren(costView(again)), () => null);
  const ticker = setInterval(refreshCost, 30000);
  // One stream per page; the browser reconnects by itself, sending the last id it saw.
  const source = new EventSource('/api/jobs/' + encodeURIComponent(id) + '/events');
  const line = (text) => {
    const stick = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    log.append(text + '\n');
    if (stick) log.scrollTop = log.scrollHeight;
  };
  source.addEventListener('log', (e) => line(JSON.parse(e.data).line));
  source.addEventListener('notice', (e) => line('note: ' + JSON.parse(e.data).message));
  source.addEventListener('metrics', (e) => chart.add(JSON.parse(e.data)));
  source.addEventListener('state', (e) => {
    const d = JSON.parse(e.data);
    if (d.state) state.replaceChildren(badge(d.state));
    line('==> ' + d.state + (d.message && d.message !== d.state ? '  ' + d.message : ''));
    refreshCost();
  });
  const finish = async (e) => {
    source.close();
    clearInterval(ticker);
    const d = JSON.parse(e.data);
    if (d.message) line('note: ' + d.message);
    const again = await get('/api/jobs/' + encodeURIComponent(id)).catch(() => null);
    if (again) {
      state.replaceChildren(badge(again.status.state));
      cost.replaceChildren(costView(again));
    }
  };
  source.addEventListener('end', finish);
  source.addEventListener('failed', finish);
  return () => {
    source.close();
    clearInterval(ticker);
    chart.destroy();
  };
}
