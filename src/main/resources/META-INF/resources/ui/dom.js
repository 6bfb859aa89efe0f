// A tiny element builder: text always goes in as text nodes, so nothing the API answers is ever parsed as HTML.

/** h('a', {href: '#/x', class: 'btn', onclick: fn}, 'text', child, [more]) → HTMLElement */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A table of rows; columns: [{title, value: row => node|text}]. */
export function table(columns, rows, rowAttrs = () => ({})) {
  return h('table', {class: 'grid'},
    h('thead', {}, h('tr', {}, columns.map(c => h('th', {}, c.title)))),
    h('tbody', {}, rows.length === 0
      ? h('tr', {}, h('td', {colspan: columns.length, class: 'empty'}, 'Nothing here.'))
      : rows.map(row => h('tr', rowAttrs(row), columns.map(c => h('td', {}, c.value(row)))))));
}

/** An instant as the owner reads it: local date and time, the ISO text kept in the tooltip. */
export function when(instant) {
  if (!instant) return '—';
  const date = new Date(instant);
  return h('time', {datetime: instant, title: instant}, date.toLocaleString());
}

export function section(title, ...children) {
  return h('section', {class: 'card'}, h('h2', {}, title), ...children);
}

/** A form field with its label. */
export function field(label, input) {
  return h('label', {class: 'field'}, h('span', {}, label), input);
}

/** A short message under the header; errors stay until the next one, others fade after a few seconds. */
export function flash(message, kind = 'info') {
  const box = document.getElementById('flash');
  box.replaceChildren(h('div', {class: `flash ${kind}`}, message));
  if (kind !== 'error') setTimeout(() => box.replaceChildren(), 5000);
}

/** What an ApiError (or any error) says: status, title and problem type, detail, and each field it names. */
export function problem(error) {
  const slug = (error.problem?.type || '').split('/').pop();
  const fields = (error.problem?.errors || []).map(e => e.message === error.message ? `field: ${e.field}` : `${e.field}: ${e.message}`);
  return h('div', {class: 'problem', role: 'alert'},
    h('strong', {}, error.status ? `${error.status} ${error.problem?.title || ''}` : 'Error'), slug ? h('code', {}, ` ${slug}`) : null,
    h('p', {}, error.message),
    fields.length ? h('ul', {}, fields.map(l => h('li', {}, l))) : null);
}
