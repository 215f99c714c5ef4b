// The Submit tab: a training YAML on this machine, checked and estimated as the CLI does, then submitted.
import { get, post, h, table, usd, errorLines } from './api.js';

const RECENT = 'soen-console-recent';

function recent() {
  try {
    return JSON.parse(localStorage.getItem(RECENT) || '[]');
  } catch (e) {
    return [];
  }
}

function remember(path) {
  localStorage.setItem(RECENT, JSON.stringify([path, ...recent().filter((p) => p !== path)].slice(0, 8)));
}

function estimateView(r) {
  const e = r.estimate;
  const rows = [e, ...(e.comparisons || [])].map((c) => [c.provider, c.instance_type + (c.instance_count > 1
    ? ' x' + c.instance_count : ''), usd(c.on_demand_hourly_usd) + '/h',
  c.spot_hourly_usd !== undefined ? usd(c.spot_hourly_usd) + '/h' : '-', c.hours + ' h (' + c.hours_basis + ')',
  usd(c.total_usd), c.price_source + ', ' + c.price_date]);
  return h('div', { id: 'estimate' },
    h('p', {}, 'The config is valid: ' + r.provider + ', ' + r.instance_type + (r.use_spot ? ' (spot)' : '')
      + ', at most ' + r.max_runtime_hours + ' h. This run: ', h('strong', {}, usd(e.total_usd)),
    e.budget_usd !== undefined ? ' (budget ' + usd(e.budget_usd) + ')' : ''),
    table(['Provider', 'Instance', 'On-demand', 'Spot', 'Hours', 'Total', 'Prices'], rows));
}

export async function renderSubmit(main) {
  const providers = (await get('/api/jobs')).providers;
  const field = (label, input) => h('label', {}, h('span', {}, label), input);
  const path = h('input', { id: 'config-path', list: 'recent-configs', size: 60,
    placeholder: 'examples/quickstart/train.yaml', value: recent()[0] || '' });
  const provider = h('select', { id: 'provider' }, h('option', { value: '' }, 'as the config says'),
    providers.map((p) => h('option', { value: p }, p)));
  const instance = h('input', { id: 'instance-type', placeholder: 'as the config says' });
  const spot = h('select', { id: 'use-spot' }, h('option', { value: '' }, 'as the config says'),
    h('option', { value: 'true' }, 'spot'), h('option', { value: 'false' }, 'on-demand'));
  const runtime = h('input', { id: 'max-runtime', type: 'number', step: 'any', min: '0', placeholder: 'hours' });
  const budget = h('input', { id: 'max-cost', type: 'number', step: 'any', min: '0', placeholder: 'USD' });
  const result = h('div', { id: 'submit-result' });
  const form = () => ({ path: path.value, provider: provider.value, instance_type: instance.value,
    use_spot: spot.value, max_runtime_hours: runtime.value, max_cost_usd: budget.value });
  const run = (verb) => async (ev) => {
    ev.preventDefault();
    result.replaceChildren(h('p', { className: 'muted' }, verb === 'check' ? 'Checking ...' : 'Submitting ...'));
    try {
      const r = await post('/api/' + verb, form());
      remember(path.value);
      if (verb === 'submit') {
        location.hash = '#job/' + encodeURIComponent(r.job.id);
        return;
      }
      result.replaceChildren(estimateView(r));
    } catch (e) {
      result.replaceChildren(h('pre', { className: 'problems', id: 'problems' }, errorLines(e).join('\n')));
    }
  };
  main.replaceChildren(h('h2', {}, 'Submit a training run'),
    h('form', { className: 'form', onsubmit: run('check') },
      field('Training YAML', path), h('datalist', { id: 'recent-configs' }, recent().map((p) => h('option', { value: p }))),
      field('Provider', provider), field('Instance type', instance), field('Spot', spot),
      field('Max runtime (hours)', runtime), field('Budget (max_cost_usd)', budget),
      h('div', { className: 'toolbar' }, h('button', { id: 'check-button', type: 'submit' }, 'Check & estimate'),
        h('button', { id: 'submit-button', type: 'button', onclick: run('submit') }, 'Submit'))),
    result);
}
