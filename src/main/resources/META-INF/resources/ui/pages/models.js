import {h, table, when, section, field, flash, problem} from '../dom.js';
import {get, post, del} from '../api.js';
import {go, href} from '../nav.js';

const enc = encodeURIComponent;

/** Every model with the version that decides today: who published it, why and when. */
export async function modelsPage() {
  const {models, published, rules} = await get('/api/v1/models');
  const live = new Map((published || []).map(v => [v.model, v]));
  return h('div', {},
    section('Models',
      h('p', {class: 'hint'}, 'The runbook\u2019s decision tables. Open one to see its history, change it in the editor, ',
        'check a draft against recorded decisions and publish it.'),
      table([
        {title: 'Model', value: m => h('a', {href: href(`/models/${enc(m.name)}`), class: 'model-link', dataset: {model: m.name}}, m.name)},
        {title: 'Published version', value: m => live.get(m.name)?.version ?? m.version},
        {title: 'Published by', value: m => live.get(m.name)?.publishedBy || '—'},
        {title: 'Reason', value: m => live.get(m.name)?.reason || '—'},
        {title: 'Since', value: m => when(live.get(m.name)?.publishedAt)},
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
  const history = await get(`/api/v1/models/${enc(name)}/versions`);
  const versions = history.versions || [];
  const reason = h('input', {type: 'text', id: 'rollback-reason', required: true, size: 50});
  // Only a version that was live can be rolled back to (a draft would skip its review): newest first.
  const target = h('select', {id: 'rollback-version'},
    versions.filter(v => v.publishedAt && v.version !== history.published)
      .map(v => h('option', {value: v.version}, `v${v.version} — ${v.reason || ''}`)));
  const refused = h('div', {id: 'rollback-problem'});
  const rollback = h('form', {class: 'inline', id: 'rollback', onsubmit: async event => {
    event.preventDefault();
    try {
      const made = await post(`/api/v1/models/${enc(name)}/rollback`, {toVersion: Number(target.value), reason: reason.value});
      flash(`Rolled back: v${made.version} is published with the content of v${target.value}.`);
      go(`/models/${enc(name)}`);
    } catch (error) { refused.replaceChildren(problem(error)); }
  }}, field('Version', target), field('Reason', reason), h('button', {type: 'submit', id: 'rollback-submit'}, 'Roll back'));

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
      ], versions, v => ({dataset: {version: v.version, state: v.state}}))),
    section('Roll back', h('p', {class: 'hint'}, 'Publishes a new version with the content of an earlier one.'), rollback, refused));
}

export async function deleteDraft(name, version) {
  if (!confirm(`Delete draft v${version} of ${name}?`)) return;
  try {
    await del(`/api/v1/models/${enc(name)}/versions/${version}`);
    flash(`Draft v${version} deleted.`);
    go(`/models/${enc(name)}`);
  } catch (error) { flash(error.message, 'error'); }
}
