import {h, table, when, section, field, flash, problem} from '../dom.js';
import {get, post, query} from '../api.js';
import {go, href} from '../nav.js';
import {openEditor, closeEditor, editorContent} from '../editor.js';
import {decisionTables} from '../tables.js';
import {deleteDraft} from './models.js';

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

  const header = info
    ? h('p', {}, h('span', {class: `state ${info.state}`}, info.state), ` v${info.version} by ${info.author} · `, when(info.createdAt),
        ` · ${info.reason || ''}`, info.approvedBy ? ` · approved by ${info.approvedBy}` : '')
    : h('p', {class: 'hint'}, version ? `Version ${version}` : 'Open a .dmn file, change it, and save it as a draft of this model.');

  return h('div', {},
    section(h('span', {}, h('a', {href: href(`/models/${enc(name)}`)}, name), version ? ` · v${version}` : ' · editor'),
      header, saveForm, status, container, checks),
    version ? diffSection(name, version) : '',
    version ? whatIfSection(name, version) : '',
    version ? shadowSection(name, version) : '',
    version && (info?.state || saved?.version?.state) === 'DRAFT' ? publishSection(name, version, info, saved) : '');
}

async function download(name, version) {
  const content = await editorContent();
  if (!content) return;
  const link = h('a', {href: URL.createObjectURL(new Blob([content], {type: 'application/xml'})),
    download: `${name}${version ? `-v${version}` : ''}.dmn`});
  link.click();
  URL.revokeObjectURL(link.href);
}

/** Validation messages beside the decision and row they name, then how the samples' decisions change. */
function checksView(report, xml) {
  const validation = report.validation || {messages: []};
  const tables = decisionTables(xml);
  const byDecision = new Map();
  for (const message of validation.messages || []) {
    const key = message.decision || '';
    if (!byDecision.has(key)) byDecision.set(key, []);
    byDecision.get(key).push(message);
  }
  const groups = [...byDecision].map(([decision, messages]) => {
    const rows = tables.get(decision)?.rules || [];
    return h('div', {class: 'finding-group'},
      h('h3', {}, decision || 'The model'),
      h('ul', {class: 'findings'}, messages.map(m => h('li', {class: `sev ${m.severity}`, dataset: {decision, row: m.row ?? ''}},
        h('span', {class: 'badge'}, m.severity),
        m.row ? h('span', {class: 'where'}, `row ${m.row}${m.column ? `, column ${m.column}` : ''}`) : null,
        m.row && rows[m.row - 1] ? h('code', {class: 'row-cells'},
          [...rows[m.row - 1].inputs, '→', ...rows[m.row - 1].outputs].join(' | ')) : null,
        m.row && rows[m.row - 1]?.annotation ? h('q', {}, rows[m.row - 1].annotation) : null,
        h('span', {class: 'message'}, m.message)))));
  });
  const samples = report.samples;
  return h('div', {class: 'checks'},
    h('h3', {}, validation.valid ? '✔ Valid' : '✘ Not valid: this version can never be published'),
    groups.length ? groups : h('p', {class: 'hint'}, 'No messages.'),
    samples ? h('div', {id: 'sample-report'},
      h('h3', {}, `Samples: ${samples.changed?.length || 0} of ${samples.samples} decide differently`),
      table([
        {title: 'Sample', value: s => s.sample},
        {title: 'Changes', value: s => h('ul', {}, s.differences.map(d =>
          h('li', {}, h('code', {}, d.field), ': ', JSON.stringify(d.before), ' → ', JSON.stringify(d.after))))},
      ], samples.changed || [])) : '');
}

function diffSection(name, version) {
  const against = h('input', {type: 'number', min: 1, id: 'diff-against', placeholder: 'published'});
  const out = h('div', {id: 'diff'});
  const form = h('form', {class: 'inline', onsubmit: async event => {
    event.preventDefault();
    try {
      out.replaceChildren(diffView(await get(`/api/v1/models/${enc(name)}/versions/${version}/diff${query({against: against.value})}`)));
    } catch (error) { out.replaceChildren(problem(error)); }
  }}, field('Against version', against), h('button', {type: 'submit'}, 'Compare'));
  return section('Difference', form, out);
}

function diffView(diff) {
  const cells = cs => (cs || []).join(' | ');
  return h('div', {},
    h('p', {}, `v${diff.version} against v${diff.against}`),
    (diff.tables || []).map(t => h('div', {class: 'diff-table'},
      h('h3', {}, t.decision || t.element),
      table([
        {title: '', value: r => h('span', {class: `change ${r.kind}`}, r.kind)},
        {title: 'Row', value: r => r.againstRow && r.againstRow !== r.row ? `${r.againstRow} → ${r.row}` : r.row},
        {title: 'Cells', value: r => r.cells},
        {title: 'Runbook', value: r => r.annotation || ''},
      ], [
        ...(t.rowsAdded || []).map(r => ({kind: 'added', row: r.row, cells: cells(r.cells), annotation: r.annotation})),
        ...(t.rowsRemoved || []).map(r => ({kind: 'removed', row: r.row, cells: cells(r.cells), annotation: r.annotation})),
        ...(t.rowsChanged || []).map(r => ({kind: 'changed', row: r.row, againstRow: r.againstRow,
          cells: h('ul', {}, r.cells.map(c => h('li', {}, `column ${c.column}: `, h('del', {}, c.before), ' → ', h('ins', {}, c.after))))})),
      ]))),
    h('details', {open: !(diff.tables || []).length}, h('summary', {}, 'Unified text diff'),
      h('pre', {class: 'unified'}, (diff.unified || '').split('\n').map(line =>
        h('span', {class: line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : ''}, line + '\n')))));
}

/** datetime-local value → ISO instant, or undefined when empty. */
const instant = input => input.value ? new Date(input.value).toISOString() : undefined;

function whatIfSection(name, version) {
  const from = h('input', {type: 'datetime-local', id: 'whatif-from'});
  const to = h('input', {type: 'datetime-local', id: 'whatif-to'});
  const limit = h('input', {type: 'number', id: 'whatif-limit', min: 1, max: 100000, placeholder: '10000'});
  const out = h('div', {id: 'whatif'});
  const form = h('form', {class: 'inline', onsubmit: async event => {
    event.preventDefault();
    out.replaceChildren(h('p', {class: 'loading'}, 'Replaying recorded decisions…'));
    try {
      const body = {from: instant(from), to: instant(to), limit: limit.value ? Number(limit.value) : undefined};
      out.replaceChildren(whatIfView(await post(`/api/v1/models/${enc(name)}/versions/${version}/what-if`, body)));
    } catch (error) { out.replaceChildren(problem(error)); }
  }}, field('From', from), field('To', to), field('At most', limit), h('button', {type: 'submit'}, 'Replay'));
  return section('What if this version had decided?',
    h('p', {class: 'hint'}, 'Replays the recorded decisions of a period (default: the last 7 days) with this version in place of the published one.'),
    form, out);
}

function whatIfView(r) {
  const severities = ['P1', 'P2', 'P3', 'P4'];
  const matrix = r.severityMatrix || {};
  const changed = r.changed || {};
  return h('div', {},
    h('p', {}, `${r.evaluated} decisions from `, h('strong', {}, r.from), ' to ', h('strong', {}, r.to),
      ` replayed against v${r.against}: ${changed.any ?? 0} would change (severity ${changed.severity ?? 0}, `,
      `incident type ${changed.incidentType ?? 0}, actions ${changed.actions ?? 0}, escalation ${changed.escalation ?? 0}).`),
    h('table', {class: 'grid matrix'},
      h('thead', {}, h('tr', {}, h('th', {}, 'before ↓ / after →'), severities.map(s => h('th', {}, s)))),
      h('tbody', {}, severities.map(before => h('tr', {}, h('th', {}, before),
        severities.map(after => {
          const n = matrix[before]?.[after] || 0;
          return h('td', {class: n && before !== after ? 'moved' : ''}, n || '');
        }))))),
    r.neverFired?.draft?.length ? h('p', {}, 'Rows that never fired with this version: ', r.neverFired.draft.join(', ')) : '',
    h('h3', {}, 'Decisions that change'),
    table([
      {title: 'Decision', value: d => h('a', {href: href(`/decisions/${enc(d.decisionId)}`)}, d.decisionId.slice(0, 8))},
      {title: 'Service', value: d => d.service},
      {title: 'At', value: d => when(d.decidedAt)},
      {title: 'Severity', value: d => change(d.before?.severity, d.after?.severity)},
      {title: 'Type', value: d => change(d.before?.incidentType, d.after?.incidentType)},
      {title: 'Actions', value: d => change((d.before?.actions || []).join(', '), (d.after?.actions || []).join(', '))},
      {title: 'Escalation', value: d => change((d.before?.escalation || []).join(', '), (d.after?.escalation || []).join(', '))},
      {title: 'Rows', value: d => change((d.rowsBefore || []).join(' '), (d.rowsAfter || []).join(' '))},
    ], r.decisions || []));
}

const change = (before, after) => before === after ? (before ?? '') : h('span', {}, h('del', {}, before ?? '—'), ' → ', h('ins', {}, after ?? '—'));

function shadowSection(name, version) {
  const path = `/api/v1/models/${enc(name)}/versions/${version}/shadow`;
  const minutes = h('input', {type: 'number', id: 'shadow-minutes', min: 1, value: 60});
  const out = h('div', {id: 'shadow'});
  const show = async () => {
    try { out.replaceChildren(shadowView(await get(path))); } catch (error) { out.replaceChildren(problem(error)); }
  };
  const form = h('form', {class: 'inline', onsubmit: async event => {
    event.preventDefault();
    try {
      const started = await post(path, {minutes: Number(minutes.value)});
      flash(`Shadowing until ${new Date(started.until).toLocaleString()}.`);
      await show();
    } catch (error) { out.replaceChildren(problem(error)); }
  }}, field('Minutes', minutes), h('button', {type: 'submit'}, 'Start shadow'), h('button', {type: 'button', onclick: show}, 'Status'));
  return section('Shadow', h('p', {class: 'hint'}, 'Decides every live incident with this version too, without acting on it, and records where it differs.'), form, out);
}

function shadowView(s) {
  return h('div', {},
    h('p', {}, s.active ? `Active until ${new Date(s.until).toLocaleString()}. ` : 'Not active. ',
      `${s.evaluated ?? 0} evaluated, ${s.differing ?? 0} differing.`),
    table([
      {title: 'Decision', value: d => h('a', {href: href(`/decisions/${enc(d.decisionId)}`)}, d.decisionId.slice(0, 8))},
      {title: 'At', value: d => when(d.at)},
      {title: 'Published', value: d => JSON.stringify(d.before)},
      {title: 'This version', value: d => JSON.stringify(d.after)},
    ], s.differences || []));
}

function publishSection(name, version, info, saved) {
  const base = `/api/v1/models/${enc(name)}/versions/${version}`;
  const changedSamples = (saved?.samples || info?.samples)?.changed || [];
  const acks = changedSamples.map(s => h('label', {class: 'ack'},
    h('input', {type: 'checkbox', value: s.sample, class: 'ack-sample'}), ` ${s.sample} decides differently (${s.differences.length} field(s))`));
  const reason = h('input', {type: 'text', id: 'publish-reason', size: 50, required: true});
  const approve = h('button', {type: 'button', id: 'approve', onclick: async () => {
    try {
      const v = await post(`${base}/approve`);
      flash(`v${v.version} approved by ${v.approvedBy}.`);
      go(`/models/${enc(name)}/versions/${version}`);
    } catch (error) { flash(error.message, 'error'); }
  }}, 'Approve');
  const publish = h('form', {onsubmit: async event => {
    event.preventDefault();
    const acknowledged = acks.map(a => a.querySelector('input')).filter(i => i.checked).map(i => i.value);
    try {
      const v = await post(`${base}/publish`, {reason: reason.value, acknowledgedSampleChanges: acknowledged});
      flash(`v${v.version} is published: it decides from now on.`);
      go(`/models/${enc(name)}`);
    } catch (error) { flash(error.message, 'error'); }
  }},
  acks.length ? h('fieldset', {}, h('legend', {}, 'I have read how these samples change'), acks) : '',
  field('Reason', reason), h('button', {type: 'submit', class: 'primary', id: 'publish'}, 'Publish'));
  return section('Approve and publish',
    h('p', {class: 'hint'}, 'Someone other than its author approves a draft; an approved draft is published with a reason, ',
      'acknowledging every sample whose decision it changes.'),
    h('p', {}, approve, ' ', h('button', {type: 'button', class: 'danger', onclick: () => deleteDraft(name, version)}, 'Delete draft')),
    publish);
}
