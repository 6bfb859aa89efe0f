// The console's shell: hash routes to pages, the login guard, the header. Pages live in pages/*.js; each renders
// into <main> and may throw, which is shown here in place of the page.

import {h, problem} from './dom.js';
import {session} from './api.js';
import {go} from './nav.js';
import {closeEditor, editorContent} from './editor.js';
import {loginPage} from './pages/login.js';
import {modelsPage, modelPage} from './pages/models.js';
import {versionPage} from './pages/version.js';
import {decisionsPage, decisionPage} from './pages/decisions.js';
import {incidentsPage, incidentPage} from './pages/incidents.js';

const ROUTES = [
  [/^\/login$/, loginPage],
  [/^\/models$/, modelsPage],
  [/^\/models\/([^/]+)$/, modelPage],
  [/^\/models\/([^/]+)\/edit$/, versionPage],
  [/^\/models\/([^/]+)\/versions\/(\d+)$/, versionPage],
  [/^\/decisions$/, decisionsPage],
  [/^\/decisions\/([^/]+)$/, decisionPage],
  [/^\/incidents$/, incidentsPage],
  [/^\/incidents\/([^/]+)$/, incidentPage],
];

let renders = 0;

async function route() {
  const [path, search] = (location.hash.slice(1) || '/models').split('?');
  const main = document.getElementById('main');
  if (!session.key() && path !== '/login') return go('/login', {then: location.hash.slice(1)});
  showWho();
  const found = ROUTES.map(([pattern, page]) => [path.match(pattern), page]).find(([match]) => match);
  if (!path.startsWith('/models/')) closeEditor();
  const render = ++renders;
  const ctx = {
    params: found ? found[0].slice(1).map(decodeURIComponent) : [],
    query: Object.fromEntries(new URLSearchParams(search || '')),
    path,
    /** False once the owner has moved on to another page: late answers must not draw over it. */
    current: () => render === renders,
  };
  document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('here', path.startsWith(a.getAttribute('href').slice(1))));
  main.replaceChildren(h('p', {class: 'loading'}, 'Loading…'));
  if (!found) return main.replaceChildren(h('p', {}, `No page at ${path}.`));
  try {
    const page = await found[1](ctx);
    if (ctx.current()) main.replaceChildren(page);
  } catch (error) {
    if (ctx.current()) main.replaceChildren(h('section', {class: 'card'}, problem(error)));
  }
}

function showWho() {
  const who = document.getElementById('who');
  who.replaceChildren(session.key()
    ? h('span', {}, 'Signed in as ', h('strong', {id: 'who-name'}, session.name() || 'key'), ' ',
        h('button', {type: 'button', class: 'link', onclick: () => { session.clear(); go('/login'); }}, 'Sign out'))
    : '');
}

window.addEventListener('hashchange', route);
window.addEventListener('runbook:unauthorized', () => go('/login', {then: location.hash.slice(1)}));
route();

// For the browser test and anyone in the browser's console: the open editor's DMN XML, as "Save as draft" sends it.
window.runbookConsole = {editorContent};
