// The Credentials tab: effective settings with origins (config show), doctor, and Save as Default.
import { get, post, h, table, errorLines } from './api.js';

function where(s) {
  return s.where || '';
}

export async function renderCredentials(main) {
  const data = await get('/api/settings');
  const edits = new Map();
  const saved = h('pre', { id: 'save-result', className: 'note', hidden: true });
  const say = (lines, bad) => {
    saved.replaceChildren(lines.join('\n'));
    saved.className = bad ? 'problems' : 'note';
    saved.hidden = false;
  };
  const valueCell = (s) => {
    if (s.secret) return h('span', { className: 'secret' }, s.value);
    if (!s.user_config_key) return s.value;
    // A built-in default described in words, e.g. "(the provider's default type)", is a hint, not a value.
    const described = s.layer === 'default' && s.value.startsWith('(');
    const input = h('input', { value: described ? '' : s.value, placeholder: described ? s.value : null,
      'data-key': s.key, className: 'setting' });
    input.addEventListener('input', () => edits.set(s.key, input.value));
    return input;
  };
  const groups = data.groups.map((g) => h('section', {}, h('h3', {}, g.owner),
    table(['Setting', 'Value', 'From', 'Where'], g.settings.map((s) => [h('span', { title: s.description }, s.key),
      valueCell(s), s.layer, where(s)]), { className: 'settings', 'data-owner': g.owner })));
  const saveEdits = h('button', { id: 'save-settings', onclick: async () => {
    if (edits.size === 0) return say(['Nothing changed.']);
    try {
      const r = await post('/api/defaults', { settings: Object.fromEntries(edits) });
      say(['Saved ' + Object.keys(r.saved).join(', ') + ' in ' + r.file]);
      edits.clear();
    } catch (e) {
      say(errorLines(e), true);
    }
  } }, 'Save changes');
  const saveAll = h('button', { id: 'save-default', onclick: async () => {
    try {
      const r = await post('/api/defaults/effective');
      const n = Object.keys(r.saved).length;
      say(['Saved ' + n + (n === 1 ? ' setting' : ' settings') + ' in ' + r.file,
        ...Object.entries(r.saved).map(([k, v]) => '  ' + k + ' = ' + v)]);
    } catch (e) {
      say(errorLines(e), true);
    }
  } }, 'Save as Default');
  const provider = h('select', { id: 'doctor-provider' }, data.providers.map((p) => h('option', { value: p }, p)));
  const checks = h('div', { id: 'doctor' });
  const doctor = h('button', { id: 'doctor-button', onclick: async () => {
    checks.replaceChildren(h('p', { className: 'muted' }, 'Checking ...'));
    try {
      const r = await get('/api/doctor?provider=' + encodeURIComponent(provider.value));
      checks.replaceChildren(h('ul', { className: 'checks' }, r.checks.map((c) => h('li', {},
        h('span', { className: c.passed ? 'ok' : 'fail' }, c.passed ? 'ok' : 'FAIL'), ' ' + c.name + ': ' + c.detail,
        c.fix ? h('div', { className: 'fix' }, 'fix: ' + c.fix) : ''))),
      h('p', {}, r.passed ? 'All checks passed.' : 'Some checks failed; see the fixes above.'));
    } catch (e) {
      checks.replaceChildren(h('pre', { className: 'problems' }, errorLines(e).join('\n')));
    }
  } }, 'Run checks');
  main.replaceChildren(h('h2', {}, 'Credentials and settings'),
    h('p', { className: 'muted' }, 'Defaults live in ' + data.user_config + '. Secrets show only whether they are set.'),
    h('div', { className: 'toolbar' }, h('span', {}, 'Doctor:'), provider, doctor), checks,
    h('div', { className: 'toolbar' }, saveEdits, saveAll), saved, ...groups);
}
