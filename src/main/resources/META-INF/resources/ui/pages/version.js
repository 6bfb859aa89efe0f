import {h, table, when, section, field, flash, problem} from '../dom.js';
import {get, post, query} from '../api.js';
import {go, href} from '../nav.js';
import {openEditor, closeEditor, editorContent} from '../editor.js';
import {decisionTables} from '../tables.js';
import {deleteDraft} from './models.js';
import {change, diffSection, shadowSection, shown, whatIfSection} from './compare.js';

const enc = encodeURIComponent;
/** The answer of the last "Save as draft", shown on the draft's page even before its info endpoint answers. */
let lastSave = null;

/**
 * One version of a model in the KIE DMN editor (or, at /models/{name}/edit, a file opened from disk), and what can
 * be done with it: save the editor's content as a new draft, compare, replay on recorded decisions, shadow,
 * approve, publish, delete.
 */
export async function versionPage(ctx) {
  const [name, versionText] = ctx.params;
  const version = versionText ? Number(versionText) : null;
  const base = `/api/v1/models/${enc(name)}/versions/${version}`;
  const [xml, info] = version
    ? await Promise.all([get(base), get(`${base}/info`).catch(() => null)])
    : ['', null];
  const saved = lastSave?.version?.model === name && lastSave.version.version === version ? lastSave : null;
  const container = h('div', {id: 'editor', class: 'editor'});
  const status = h('span', {id: 'editor-status', class: 'hint'}, version ? 'Opening the editor…' : 'Choose a .dmn file to open it here.');
  let opened = null;
  const open = async (content, label) => {
    try {
      opened = await openEditor(container, name, content, () => status.replaceChildren('The editor reported an error opening this file.'));
      opened.subscribeToContentChanges(dirty => status.replaceChildren(dirty ? 'Changed since opened: save it as a draft to keep it.' : label));
      status.replaceChildren(label);
      container.dataset.opened = label;
    } catch (error) { status.replaceChildren(error.message); }
  };
  // The editor needs its container in the page, which the router fills once this function has answered.
  if (version) setTimeout(() => ctx.current() && open(xml, `v${version}`), 0);
  else closeEditor();

  const file = h('input', {type: 'file', id: 'open-file', accept: '.dmn,.xml,application/xml'});
  file.addEventListener('change', async () => {
    if (file.files[0]) await open(await file.files[0].text(), file.files[0].name);
  });
  const reason = h('input', {type: 'text', id: 'draft-reason', size: 50, required: true, placeholder: 'why this change (kept with the version)'});
  const checks = h('div', {id: 'checks'}, saved || info?.validation ? checksView(saved || info, xml) : '');
  const saveForm = h('form', {class: 'inline', id: 'save-form', onsubmit: async event => {
    event.preventDefault();
    const content = await editorContent();
    try {
      const answer = await post(`/api/v1/models/${enc(name)}/versions${query({reason: reason.value})}`, {xml: content});
      lastSave = answer;
      flash(`Saved as draft v${answer.version.version}${answer.validation?.valid ? '' : ' (it has errors: it cannot be published)'}.`,
        answer.validation?.valid ? 'info' : 'error');
      go(`/models/${enc(name)}/versions/${answer.version.version}`);
    } catch (error) {
      checks.replaceChildren(problem(error));
    }
  }}, field('Reason', reason), h('button', {type: 'submit', class: 'primary', id: 'save-draft'}, 'Save as draft'),
    h('button', {type: 'button', onclick: () => download(name, version)}, 'Download .dmn'),
    field('Open a file', file));

  const row = info?.version;
  const header = row
    ? h('p', {id: 'version-header'}, h('span', {class: `state ${row.state}`}, row.state), ` v${row.version} by ${row.author} · `,
        when(row.createdAt), ` · ${row.reason || ''}`, row.parentVersion ? ` · made from v${row.parentVersion}` : '',
        row.approvedBy ? ` · approved by ${row.approvedBy}` : '')
    : h('p', {class: 'hint'}, version ? `Version ${version}` : 'Open a .dmn file, change it, and save it as a draft of this model.');

  return h('div', {},
    section(h('span', {}, h('a', {href: href(`/models/${enc(name)}`)}, name), version ? ` · v${version}` : ' · editor'),
      // What was found when this version was stored comes first: it is what its author saved it to see.
      header, checks, saveForm, status, container),
    version ? diffSection(name, version, xml) : '',
    // A version that did not validate cannot be decided with: nothing to replay or shadow.
    version && row?.valid !== false ? whatIfSection(name, version) : '',
    version && row?.valid !== false ? shadowSection(name, version) : '',
    (row || saved?.version)?.state === 'DRAFT' ? publishSection(name, version, saved || info) : '');
}

async function download(name, version) {
  const content = await editorContent();
  if (!content) return;
  const link = h('a', {href: URL.createObjectURL(new Blob([content], {type: 'application/xml'})),
    download: `${name}${version ? `-v${version}` : ''}.dmn`});
  link.click();
  URL.revokeObjectURL(link.href);
}

/** Validation errors and warnings beside the decision, row and column they name (notes folded), then the samples. */
function checksView(report, xml) {
  const validation = report.validation || {messages: []};
  const tables = decisionTables(xml);
  const messages = validation.messages || [];
  const notes = messages.filter(m => m.severity === 'INFO');
  return h('div', {class: 'checks'},
    h('h3', {id: 'validity'}, validation.valid ? '✔ Valid' : '✘ Not valid: this version can never be published'),
    findings(messages.filter(m => m.severity !== 'INFO'), tables),
    notes.length ? h('details', {}, h('summary', {}, `${notes.length} note(s) of the table analysis`), findings(notes, tables)) : '',
    report.samples ? samplesView(report.samples) : '');
}

function findings(messages, tables) {
  if (!messages.length) return h('p', {class: 'hint'}, 'No errors or warnings.');
  const byDecision = new Map();
  for (const m of messages) byDecision.set(m.decision || '', [...(byDecision.get(m.decision || '') || []), m]);
  return [...byDecision].map(([decision, found]) => {
    const t = tables.get(decision);
    const columns = t ? [...t.inputs, ...t.outputs] : [];
    return h('div', {class: 'finding-group'}, h('h3', {}, decision || 'The model'),
      h('ul', {class: 'findings'}, found.map(m => {
        const row = m.row ? t?.rules[m.row - 1] : null;
        return h('li', {class: `finding ${m.severity}`, dataset: {decision, row: m.row ?? ''}},
          h('span', {class: 'badge'}, m.severity),
          m.row ? h('span', {class: 'where'}, `row ${m.row}${m.column ? `, column ${columns[m.column - 1] || m.column}` : ''}`) : null,
          row ? h('code', {class: 'row-cells'}, [...row.inputs, ...(row.inputs.length ? ['→'] : []), ...row.outputs].join(' | ')) : null,
          row?.annotation ? h('q', {}, row.annotation) : null,
          h('span', {class: 'message'}, m.message));
      })));
  });
}

/** The samples the version decides differently, field by field. */
function samplesView(samples) {
  return h('div', {id: 'sample-report'},
    h('h3', {}, `Samples: ${samples.changed?.length || 0} of ${samples.samples} decide differently`),
    table([
      {title: 'Sample', value: s => s.sample},
      {title: 'Changes', value: s => h('ul', {}, s.differences.map(d =>
        h('li', {}, h('code', {}, d.field), ': ', change(shown(d.before), shown(d.after)))))},
    ], samples.changed || [], s => ({dataset: {sample: s.sample}})));
}

function publishSection(name, version, report) {
  const base = `/api/v1/models/${enc(name)}/versions/${version}`;
  const remove = h('button', {type: 'button', class: 'danger', id: 'delete-draft', onclick: () => deleteDraft(name, version)}, 'Delete draft');
  if (!report.version.valid) {
    return section('Approve and publish', h('p', {id: 'not-publishable', class: 'bad'},
      'This draft has errors (above): it can never be approved or published. Change the table in the editor and save it ',
      'as a new draft.'), h('p', {}, remove));
  }
  const changedSamples = report.samples?.changed || [];
  const acks = changedSamples.map(s => h('label', {class: 'ack'},
    h('input', {type: 'checkbox', value: s.sample, class: 'ack-sample'}), ` ${s.sample} decides differently (${s.differences.length} field(s))`));
  const reason = h('input', {type: 'text', id: 'publish-reason', size: 50, required: true});
  const out = h('div', {id: 'publish-problem'});
  const approve = h('button', {type: 'button', id: 'approve', onclick: async () => {
    try {
      const v = await post(`${base}/approve`);
      flash(`v${v.version} approved by ${v.approvedBy}.`);
      go(`/models/${enc(name)}/versions/${version}`);
    } catch (error) { out.replaceChildren(problem(error)); }
  }}, 'Approve');
  const publish = h('form', {id: 'publish-form', oninput: () => out.replaceChildren(), onsubmit: async event => {
    event.preventDefault();
    const acknowledged = acks.map(a => a.querySelector('input')).filter(i => i.checked).map(i => i.value);
    try {
      const v = await post(`${base}/publish`, {reason: reason.value, acknowledgedSampleChanges: acknowledged});
      flash(`v${v.version} is published: it decides from now on.`);
      go(`/models/${enc(name)}`);
    } catch (error) { out.replaceChildren(problem(error)); }
  }},
  acks.length ? h('fieldset', {}, h('legend', {}, 'I have read how these samples change'), acks) : '',
  h('div', {class: 'inline'}, field('Reason', reason), h('button', {type: 'submit', class: 'primary', id: 'publish'}, 'Publish')));
  return section('Approve and publish',
    h('p', {class: 'hint'}, 'Someone other than its author approves a draft (needed only when four-eyes is on); a draft ',
      'is published with a reason, acknowledging every sample whose decision it changes.'),
    h('p', {}, approve, ' ', remove), publish, out);
}
