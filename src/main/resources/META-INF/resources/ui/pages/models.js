import {h, table, when, section, field, flash, problem} from '../dom.js';
import {get, post, del} from '../api.js';
import {go, href} from '../nav.js';

const enc = encodeURIComponent;

/** Every model with the version that decides today: who published it, why and when. */
export async function modelsPage() {
  const {models, rules} = await get('/api/v1/models');
  return h('div', {},
    section('Models',
      h('p', {class: 'hint'}, 'The runbook\u2019s decision tables. Open one to see its history, change it in the editor, ',
        'check a draft against recorded decisions and publish it.'),
      table([
        {title: 'Model', value: m => h('a', {href: href(`/models/${enc(m.name)}`), class: 'model-link', dataset: {model: m.name}}, m.name)},
        {title: 'Published version', value: m => m.published?.version ?? m.version},
        {title: 'Author', value: m => m.published?.publishedBy || m.published?.author || '—'},
        {title: 'Reason', value: m => m.published?.reason || '—'},
        {title: 'Since', value: m => when(m.published?.publishedAt || m.published?.createdAt)},
        {title: 'Decisions', value: m => m.decisions.map(d => d.name).join(', ')},
      ], models, m => ({dataset: {model: m.name}}))),
    section('Rules (DRL, changed by developers)',
      table([
        {title: 'File', value: r => r.name},
        {title: 'Rules', value: r => (r.rules || []).length},
      ], rules || [])));
}

/** One model: its versions newest first, opening one in the editor, rolling back to one. */
export async function modelPage(ctx) {
  const [name] = ctx.params;
  let history;
  try {
    history = await get(`/api/v1/models/${enc(name)}/versions`);
  } catch (error) {
    if (error.status !== 404 && error.status !== 405) throw error;
    return section(`Model ${name}`, problem(error),
      h('p', {}, 'This server keeps no version history for models yet. You can still open a .dmn file from disk ',
        'in the editor.'),
      h('a', {class: 'btn', href: href(`/models/${enc(name)}/edit`)}, 'Open the editor'));
  }
  const versions = history.versions || [];
  const reason = h('input', {type: 'text', id: 'rollback-reason', required: true, size: 50});
  const target = h('select', {id: 'rollback-version'},
    versions.filter(v => v.version !== history.published && v.state !== 'DRAFT')
      .map(v => h('option', {value: v.version}, `v${v.version} — ${v.reason || ''}`)));
  const rollback = h('form', {class: 'inline', onsubmit: async event => {
    event.preventDefault();
    try {
      const made = await post(`/api/v1/models/${enc(name)}/rollback`, {toVersion: Number(target.value), reason: reason.value});
      flash(`Rolled back: v${made.version} is published with the content of v${target.value}.`);
      go(`/models/${enc(name)}`);
    } catch (error) { flash(error.message, 'error'); }
  }}, field('Version', target), field('Reason', reason), h('button', {type: 'submit'}, 'Roll back'));

  return h('div', {},
    section(`Model ${name}`,
      h('p', {}, 'Published: ', history.published
        ? h('span', {}, h('strong', {}, `v${history.published}`), ' (',
            h('a', {href: href(`/models/${enc(name)}/versions/${history.published}`)}, 'open it in the editor'), ')')
        : 'none', ' · ', h('a', {href: href(`/models/${enc(name)}/edit`)}, 'open a file from disk')),
      table([
        {title: 'Version', value: v => h('a', {href: href(`/models/${enc(name)}/versions/${v.version}`)}, `v${v.version}`)},
        {title: 'State', value: v => h('span', {class: `state ${v.state}`}, v.state)},
        {title: 'Author', value: v => v.author},
        {title: 'Reason', value: v => v.reason},
        {title: 'Created', value: v => when(v.createdAt)},
        {title: 'Approved', value: v => v.approvedBy ? h('span', {}, v.approvedBy, ' ', when(v.approvedAt)) : '—'},
        {title: 'Published', value: v => v.publishedBy ? h('span', {}, v.publishedBy, ' ', when(v.publishedAt)) : '—'},
        {title: '', value: v => v.state === 'DRAFT'
          ? h('button', {type: 'button', class: 'danger small', onclick: () => deleteDraft(name, v.version)}, 'Delete draft') : ''},
      ], versions)),
    section('Roll back', h('p', {class: 'hint'}, 'Publishes a new version with the content of an earlier one.'), rollback));
}

export async function deleteDraft(name, version) {
  if (!confirm(`Delete draft v${version} of ${name}?`)) return;
  try {
    await del(`/api/v1/models/${enc(name)}/versions/${version}`);
    flash(`Draft v${version} deleted.`);
    go(`/models/${enc(name)}`);
  } catch (error) { flash(error.message, 'error'); }
}
