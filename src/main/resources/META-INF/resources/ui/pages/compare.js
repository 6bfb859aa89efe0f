// How a version compares: its diff against another version, a what-if over recorded decisions, a shadow on live
// traffic; and how they show a decision's outcome (actions, escalation calls, before → after).

import {h, table, when, section, field, problem} from '../dom.js';
import {get, post, del, query} from '../api.js';
import {href} from '../nav.js';
import {decisionTables} from '../tables.js';

const enc = encodeURIComponent;

/** A decision field's value as an owner reads it: actions and escalation steps in short, anything else as JSON. */
export const shown = value => Array.isArray(value) ? value.map(v => v?.type ? action(v) : v?.contact ? call(v) : JSON.stringify(v)).join('; ')
  : JSON.stringify(value);

export function diffSection(name, version, xml) {
  const against = h('input', {type: 'number', min: 1, id: 'diff-against', placeholder: 'published'});
  const out = h('div', {id: 'diff'});
  const form = h('form', {class: 'inline', onsubmit: async event => {
    event.preventDefault();
    try {
      out.replaceChildren(diffView(await get(`/api/v1/models/${enc(name)}/versions/${version}/diff${query({against: against.value})}`),
        decisionTables(xml)));
    } catch (error) { out.replaceChildren(problem(error)); }
  }}, field('Against version', against), h('button', {type: 'submit'}, 'Compare'));
  return section('Difference', form, out);
}

/** The diff's tables row by row; {@code tables}: this version's, for the runbook quote of a changed row. */
function diffView(diff, tables) {
  const cells = cs => (cs || []).join(' | ');
  const beforeAfter = c => [h('del', {}, c.before ?? ''), ' → ', h('ins', {}, c.after ?? '')];
  const nothing = !(diff.tables || []).length && !(diff.expressions || []).length;
  return h('div', {},
    h('p', {}, `v${diff.version} against v${diff.against}`, nothing ? ': the same tables and expressions.' : ''),
    (diff.tables || []).map(t => h('div', {class: 'diff-table', dataset: {decision: t.decision}},
      h('h3', {}, t.decision),
      (t.header || []).length ? h('ul', {}, t.header.map(c => h('li', {}, `${c.column}: `, beforeAfter(c)))) : '',
      table([
        {title: '', value: r => h('span', {class: `change ${r.kind}`}, r.kind)},
        {title: 'Row', value: r => r.againstRow && r.againstRow !== r.row ? `${r.againstRow} → ${r.row}` : r.row},
        {title: 'Cells', value: r => r.cells},
        {title: 'Runbook', value: r => r.annotation || ''},
      ], [
        ...(t.rowsAdded || []).map(r => ({kind: 'added', row: r.row, cells: cells(r.cells), annotation: r.annotation})),
        ...(t.rowsRemoved || []).map(r => ({kind: 'removed', row: r.row, cells: cells(r.cells), annotation: r.annotation})),
        ...(t.rowsChanged || []).map(r => ({kind: 'changed', row: r.row, againstRow: r.againstRow,
          annotation: tables.get(t.decision)?.rules[r.row - 1]?.annotation,
          cells: h('ul', {}, r.cells.map(c => h('li', {}, `${c.column}: `, beforeAfter(c))))})),
      ]))),
    (diff.expressions || []).map(e => h('div', {class: 'diff-expression'}, h('h3', {}, e.decision),
      h('pre', {}, h('del', {}, e.before ?? '(none)'), '\n', h('ins', {}, e.after ?? '(none)')))),
    h('details', {open: nothing}, h('summary', {}, 'Unified text diff'),
      h('pre', {class: 'unified'}, (diff.unified || '').split('\n').map(line =>
        h('span', {class: line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : ''}, line + '\n')))));
}

/** datetime-local value → ISO instant, or undefined when empty. */
const instant = input => input.value ? new Date(input.value).toISOString() : undefined;

export function whatIfSection(name, version) {
  const from = h('input', {type: 'datetime-local', id: 'whatif-from'});
  const to = h('input', {type: 'datetime-local', id: 'whatif-to'});
  const limit = h('input', {type: 'number', id: 'whatif-limit', min: 1, max: 10000, placeholder: '10000'});
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
  if (r.note) return h('p', {class: 'hint', id: 'whatif-note'}, r.note);
  const severities = ['P1', 'P2', 'P3', 'P4'];
  const matrix = r.severityMatrix || {};
  const changed = r.changed || {};
  return h('div', {},
    h('p', {id: 'whatif-summary'}, `${r.evaluated} decisions recorded from `, when(r.from), ' to ', when(r.to),
      ` decided again with v${r.version} in place of v${r.against}: `, h('strong', {}, `${changed.any ?? 0} would change`),
      ` (severity ${changed.severity ?? 0}, incident type ${changed.incidentType ?? 0}, actions ${changed.actions ?? 0}, `,
      `escalation ${changed.escalation ?? 0}${changed.failed ? `, ${changed.failed} failed` : ''}).`,
      r.skipped ? ` ${r.skipped} could not be decided again.` : '',
      r.truncated ? ' The period holds more decisions than were read: narrow it.' : ''),
    h('table', {class: 'grid matrix'},
      h('thead', {}, h('tr', {}, h('th', {}, 'before ↓ / after →'), severities.map(s => h('th', {}, s)))),
      h('tbody', {}, severities.map(before => h('tr', {}, h('th', {}, before),
        severities.map(after => {
          const n = matrix[before]?.[after] || 0;
          return h('td', {class: n && before !== after ? 'moved' : ''}, n || '');
        }))))),
    r.neverFired?.draft?.length ? h('p', {}, 'Rows that never fired with this version: ', r.neverFired.draft.join(', ')) : '',
    h('h3', {}, 'Decisions that change', (r.decisions || []).length < (changed.any ?? 0) ? ` (the first ${r.decisions.length})` : ''),
    table([
      {title: 'Decision', value: d => h('a', {href: href(`/decisions/${enc(d.decisionId)}`)}, d.decisionId.slice(0, 8))},
      {title: 'Service', value: d => d.service},
      {title: 'At', value: d => when(d.decidedAt)},
      {title: 'Severity', value: d => change(d.before?.severity, d.after?.severity)},
      {title: 'Type', value: d => change(d.before?.incidentType, d.after?.incidentType)},
      {title: 'Actions', value: d => change(actions(d.before), actions(d.after))},
      {title: 'Escalation', value: d => change(calls(d.before), calls(d.after))},
      {title: 'Rows that matched', value: d => d.error ? h('span', {class: 'bad'}, d.error) : movedRows(d)},
    ], r.decisions || [], d => ({dataset: {service: d.service}})));
}

/** The rows that matched only before or only after: the rows the change moved this decision from and to. */
const movedRows = d => change((d.rowsBefore || []).filter(r => !(d.rowsAfter || []).includes(r)).join(' '),
  (d.rowsAfter || []).filter(r => !(d.rowsBefore || []).includes(r)).join(' '));

const action = a => a.target ? `${a.type} ${a.target.namespace ? `${a.target.namespace}/` : ''}${a.target.name}` : a.type;
const call = c => `${c.contact} (${c.channel}, +${c.afterMinutes} min)`;
/** An outcome's actions and escalation calls as one line each; undefined when the version could not decide. */
const actions = outcome => outcome?.actions.map(action).join('; ');
const calls = outcome => outcome?.escalation.map(call).join('; ');

export const change = (before, after) => before === after ? (before ?? '') : h('span', {}, h('del', {}, before || '—'), ' → ', h('ins', {}, after || '—'));

export function shadowSection(name, version) {
  const path = `/api/v1/models/${enc(name)}/versions/${version}/shadow`;
  const minutes = h('input', {type: 'number', id: 'shadow-minutes', min: 1, value: 60});
  const out = h('div', {id: 'shadow'});
  const show = async () => {
    try { out.replaceChildren(shadowView(await get(path))); } catch (error) { out.replaceChildren(problem(error)); }
  };
  const form = h('form', {class: 'inline', onsubmit: async event => {
    event.preventDefault();
    try {
      out.replaceChildren(shadowView(await post(path, {minutes: Number(minutes.value)})));
    } catch (error) { out.replaceChildren(problem(error)); }
  }}, field('Minutes', minutes), h('button', {type: 'submit'}, 'Start shadow'), h('button', {type: 'button', onclick: show}, 'Status'),
  h('button', {type: 'button', onclick: async () => {
    try { out.replaceChildren(shadowView(await del(path))); } catch (error) { out.replaceChildren(problem(error)); }
  }}, 'Stop'));
  return section('Shadow', h('p', {class: 'hint'}, 'Decides every live incident with this version too, without acting on it, and records where it differs.'), form, out);
}

function shadowView(s) {
  return h('div', {},
    h('p', {}, s.active ? `Active until ${new Date(s.until).toLocaleString()}. ` : 'Not active. ',
      `${s.evaluated} evaluated, ${s.differing} differing${s.failed ? `, ${s.failed} failed` : ''}.`),
    table([
      {title: 'Decision', value: d => h('a', {href: href(`/decisions/${enc(d.decisionId)}`)}, d.decisionId.slice(0, 8))},
      {title: 'At', value: d => when(d.at)},
      {title: 'Service', value: d => d.service},
      {title: 'Severity', value: d => change(d.before?.severity, d.after?.severity)},
      {title: 'Type', value: d => change(d.before?.incidentType, d.after?.incidentType)},
      {title: 'Actions', value: d => change(actions(d.before), actions(d.after))},
      {title: 'Escalation', value: d => change(calls(d.before), calls(d.after))},
    ], s.differences || []));
}
