// Talks to the console's server: GETs read, POSTs change and carry the CSRF token.
let session = null;

async function answer(response) {
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error((data.error && data.error.message) || response.statusText);
    error.status = response.status;
    error.data = data;
    throw error;
  }
  return data;
}

export async function get(path) {
  return answer(await fetch(path, { credentials: 'same-origin' }));
}

export async function post(path, body) {
  if (!session) {
    session = await get('/api/session');
  }
  return answer(await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', [session.csrf_header]: session.csrf },
    body: JSON.stringify(body || {}),
  }));
}

// Builds an element; text goes in as text, never as HTML.
export function h(tag, props, ...children) {
  const e = document.createElement(tag);
  Object.entries(props || {}).forEach(([k, v]) => {
    if (v === undefined || v === null || v === false) return;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'className') e.className = v;
    else e.setAttribute(k, v === true ? '' : v);
  });
  children.flat().forEach((c) => {
    if (c !== undefined && c !== null && c !== false) e.append(c instanceof Node ? c : String(c));
  });
  return e;
}

// The lines a failure is reported with: the CLI's own stderr lines when the server sent them.
export function errorLines(error) {
  return (error.data && error.data.lines) || ['error: ' + error.message];
}

export function usd(n) {
  return n === undefined || n === null ? '-' : '$' + Number(n).toFixed(Math.abs(n) < 10 ? 3 : 2);
}

export function ago(iso) {
  if (!iso) return '';
  const s = Math.round((Date.now() - Date.parse(iso)) / 1000);
  if (s < 60) return s + ' s ago';
  if (s < 3600) return Math.round(s / 60) + ' min ago';
  if (s < 86400) return Math.round(s / 3600) + ' h ago';
  return Math.round(s / 86400) + ' d ago';
}

export function span(fromIso, toIso) {
  if (!fromIso) return '';
  const s = Math.max(0, Math.round(((toIso ? Date.parse(toIso) : Date.now()) - Date.parse(fromIso)) / 1000));
  const m = Math.floor(s / 60);
  return m >= 60 ? Math.floor(m / 60) + 'h ' + (m % 60) + 'm' : m + 'm ' + (s % 60) + 's';
}

// A table whose rows are arrays of cells (text or elements).
export function table(headers, rows, attrs) {
  return h('table', attrs, h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))));
}
