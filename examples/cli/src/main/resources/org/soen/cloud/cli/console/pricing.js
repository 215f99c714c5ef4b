// The Pricing tab: every priced instance type, filterable by GPU and provider, sortable by any column;
// with "live prices", each row of the chosen provider asks for the price its estimate would use now.
import { get, h, table, errorLines } from './api.js';

const COLUMNS = [['provider', 'Provider'], ['instance_type', 'Instance'], ['gpu', 'GPU'],
  ['on_demand_usd_per_hour', 'On-demand/h'], ['spot_usd_per_hour', 'Spot/h'], ['spot_saves', 'Spot saves'],
  ['source', 'Source'], ['as_of', 'As of']];

// What an estimate of one instance of the row's type prices it at now: live, else the file's or catalog's.
function liveCell(p, known) {
  const key = p.provider + '/' + p.instance_type;
  if (!known.has(key)) {
    known.set(key, h('span', { className: 'live', 'data-live': key }, 'asking...'));
    get('/api/pricing/live?provider=' + encodeURIComponent(p.provider) + '&type=' + encodeURIComponent(p.instance_type))
      .then((e) => known.get(key).replaceChildren(e.price_known
        ? '$' + Number(e.on_demand_hourly_usd).toFixed(3) + (e.spot_hourly_usd !== undefined
          ? ' (spot $' + Number(e.spot_hourly_usd).toFixed(3) + ')' : '') + ' from ' + e.price_source + ', ' + e.price_date
        : 'price unknown: ' + e.missing_price),
      (err) => known.get(key).replaceChildren(errorLines(err).join(' ')));
  }
  return known.get(key);
}

export async function renderPricing(main) {
  const prices = (await get('/api/pricing')).prices;
  const gpu = h('input', { id: 'filter-gpu', placeholder: 'GPU, e.g. A100' });
  const provider = h('select', { id: 'pricing-provider' }, h('option', { value: '' }, 'every provider'),
    [...new Set(prices.map((p) => p.provider))].map((p) => h('option', { value: p }, p)));
  const live = h('input', { type: 'checkbox', id: 'live-prices' });
  const asked = new Map();
  const box = h('div');
  let sort = { key: 'on_demand_usd_per_hour', up: true };
  const money = (v) => (v === undefined ? '-' : '$' + Number(v).toFixed(3));
  const draw = () => {
    const g = gpu.value.trim().toLowerCase();
    const rows = prices.filter((p) => (!provider.value || p.provider === provider.value)
      && (!g || p.gpu.toLowerCase().includes(g)));
    rows.sort((a, b) => {
      const x = a[sort.key];
      const y = b[sort.key];
      const c = x === undefined ? 1 : y === undefined ? -1 : typeof x === 'number' ? x - y : String(x).localeCompare(y);
      return sort.up ? c : -c;
    });
    const t = table(COLUMNS.map(([k, label]) => h('button', { type: 'button', className: 'sort', 'data-sort': k, onclick: () => {
      sort = { key: k, up: sort.key === k ? !sort.up : true };
      draw();
    } }, label + (sort.key === k ? (sort.up ? ' \u25b2' : ' \u25bc') : ''))).concat(['Live price']),
    rows.map((p) => [p.provider, p.instance_type, p.gpu, money(p.on_demand_usd_per_hour),
      money(p.spot_usd_per_hour), p.spot_saves || '-', p.source, p.as_of,
      live.checked && provider.value ? liveCell(p, asked) : '-']), { id: 'pricing-table' });
    box.replaceChildren(rows.length ? t : h('p', { className: 'muted' }, 'No instance type matches.'));
  };
  gpu.addEventListener('input', draw);
  provider.addEventListener('change', draw);
  live.addEventListener('change', draw);
  main.replaceChildren(h('h2', {}, 'Pricing'), h('div', { className: 'toolbar' }, gpu, provider,
    h('label', { title: 'asks the chosen provider for each row\'s price now, as an estimate would' }, live,
      ' live prices (choose a provider)')), box);
  draw();
}
