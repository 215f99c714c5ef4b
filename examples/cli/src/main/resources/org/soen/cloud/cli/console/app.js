// The console's tabs, chosen by the address's #fragment so reloads and links keep the page.
import { h } from './api.js';
import { renderJobs, renderJob } from './jobs.js';
import { renderSubmit } from './submit.js';
import { renderCredentials } from './credentials.js';
import { renderPricing } from './pricing.js';

let leave = () => {};

async function show() {
  leave();
  leave = () => {};
  const main = document.getElementById('main');
  const [tab, arg] = (location.hash.slice(1) || 'jobs').split('/');
  document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active', a.dataset.tab === tab
    || (tab === 'job' && a.dataset.tab === 'jobs')));
  main.replaceChildren(h('p', { className: 'muted' }, 'Loading ...'));
  const pages = {
    jobs: () => renderJobs(main),
    job: () => renderJob(main, decodeURIComponent(arg || '')),
    submit: () => renderSubmit(main),
    credentials: () => renderCredentials(main),
    pricing: () => renderPricing(main),
  };
  try {
    leave = (await (pages[tab] || pages.jobs)()) || (() => {});
  } catch (e) {
    main.replaceChildren(h('pre', { className: 'problems' }, 'error: ' + e.message));
  }
}

window.addEventListener('hashchange', show);
show();
