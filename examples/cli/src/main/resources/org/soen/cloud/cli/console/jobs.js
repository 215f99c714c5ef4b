// The Jobs tab: every job of the journal, and one job's page with its live log and epoch chart.
import { get, post, h, ago, span, table, usd, errorLines } from './api.js';
import { MetricsChart } from './chart.js';

const STATES = ['PENDING', 'PROVISIONING', 'STAGING', 'RUNNING', 'COLLECTING', 'STOPPING',
  'INTERRUPTED', 'COMPLETED', 'FAILED', 'STOPPED'];

function badge(state) {
  return h('span', { className: 'state state-' + (state || '').toLowerCase() }, state || '?');
}

export async function renderJobs(main) {
  const data = await get('/api/jobs');
  const provider = h('select', { id: 'filter-provider' }, h('option', { value: '' }, 'every provider'),
    data.providers.map((p) => h('option', { value: p }, p)));
  const state = h('select', { id: 'filter-state' }, h('option', { value: '' }, 'every state'),
    STATES.map((s) => h('option', { value: s }, s)));
  const list = h('div');
  const draw = () => {
    const rows = data.jobs.filter((j) => (!provider.value || j.provider === provider.value)
      && (!state.value || j.state === state.value));
    list.replaceChildren(rows.length === 0 ? h('p', { className: 'muted' }, 'No jobs match.')
      : table(['Job', 'Provider', 'State', 'Submitted', 'Duration', 'Detail'], rows.map((j) => [
        h('a', { href: '#job/' + encodeURIComponent(j.job_id) }, j.job_id), j.provider, badge(j.state),
        h('span', { title: j.submitted_at || '' }, ago(j.submitted_at)),
        span(j.started_at || j.submitted_at, j.ended_at || (j.terminal ? j.observed_at : null)),
        j.message || (j.detail !== j.state ? j.detail : '')]), { id: 'jobs-table' }));
  };
  provider.addEventListener('change', draw);
  state.addEventListener('change', draw);
  main.replaceChildren(h('h2', {}, 'Jobs'),
    h('div', { className: 'toolbar' }, provider, state,
      h('button', { onclick: () => renderJobs(main) }, 'Refresh'),
      h('a', { href: '#submit', className: 'button' }, 'New job')), list);
  draw();
}

function costView(cost) {
  if (!cost) return h('p', { className: 'muted', id: 'cost' }, 'No cost report yet.');
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
  const cost = h('div', {}, costView(detail.cost));
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
  });
  const finish = async (e) => {
    source.close();
    const d = JSON.parse(e.data);
    if (d.message) line('note: ' + d.message);
    const again = await get('/api/jobs/' + encodeURIComponent(id)).catch(() => null);
    if (again) {
      state.replaceChildren(badge(again.status.state));
      cost.replaceChildren(costView(again.cost));
    }
  };
  source.addEventListener('end', finish);
  source.addEventListener('failed', finish);
  return () => {
    source.close();
    chart.destroy();
  };
}
