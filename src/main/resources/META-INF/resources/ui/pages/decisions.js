import {h, table, when, section, field} from '../dom.js';
import {get, query} from '../api.js';
import {go, href} from '../nav.js';

const enc = encodeURIComponent;
const SEVERITIES = ['P1', 'P2', 'P3', 'P4'];
const TYPES = ['MODEL_PERFORMANCE_DEGRADATION', 'HIGH_ERROR_RATE', 'HIGH_LATENCY', 'DATA_DRIFT', 'MLFLOW_DOWN', 'OUT_OF_MEMORY', 'UNCLASSIFIED'];

const select = (id, values, current) => h('select', {id}, h('option', {value: ''}, 'any'),
  values.map(v => h('option', {value: v, selected: v === current}, v)));
/** ISO instant → the value a datetime-local input shows (local time), and back. */
const toLocal = iso => iso ? new Date(new Date(iso).getTime() - new Date(iso).getTimezoneOffset() * 60000).toISOString().slice(0, 16) : '';
const toIso = local => local ? new Date(local).toISOString() : '';

/** Recorded decisions, newest first, filtered and paged by the service's cursor (kept in the page's address). */
export async function decisionsPage(ctx) {
  const q = ctx.query;
  const page = await get(`/api/v1/decisions${query({service: q.service, severity: q.severity, incidentType: q.incidentType,
    from: q.from, to: q.to, limit: 50, cursor: q.cursor})}`);
  const service = h('input', {type: 'text', id: 'f-service', value: q.service || ''});
  const severity = select('f-severity', SEVERITIES, q.severity);
  const type = select('f-type', TYPES, q.incidentType);
  const from = h('input', {type: 'datetime-local', id: 'f-from', value: toLocal(q.from)});
  const to = h('input', {type: 'datetime-local', id: 'f-to', value: toLocal(q.to)});
  const filters = () => ({service: service.value, severity: severity.value, incidentType: type.value, from: toIso(from.value), to: toIso(to.value)});
  const {cursor, ...current} = q;
  return section('Decisions',
    h('form', {class: 'inline', onsubmit: event => { event.preventDefault(); go('/decisions', filters()); }},
      field('Service', service), field('Severity', severity), field('Incident type', type), field('From', from), field('To', to),
      h('button', {type: 'submit'}, 'Filter')),
    table([
      {title: 'Recorded', value: d => when(d.recordedAt)},
      {title: 'Service', value: d => d.service},
      {title: 'Severity', value: d => h('span', {class: `sev ${d.severity}`}, d.severity)},
      {title: 'Incident type', value: d => d.incidentType},
      {title: 'Incident', value: d => d.incidentId ? h('a', {href: href(`/incidents/${enc(d.incidentId)}`)}, d.incidentChange || 'open') : '—'},
      {title: 'Caller', value: d => d.caller},
      {title: '', value: d => h('a', {href: href(`/decisions/${enc(d.decisionId)}`)}, 'why?')},
    ], page.items),
    h('p', {class: 'pager'},
      cursor ? h('a', {href: href('/decisions', current)}, '« newest') : '',
      page.nextCursor ? h('a', {href: href('/decisions', {...current, cursor: page.nextCursor}), id: 'next-page'}, 'older »') : ''));
}

/** One decision: what it decided and the rows and rules that decided it. */
export async function decisionPage(ctx) {
  const stored = await get(`/api/v1/decisions/${enc(ctx.params[0])}`);
  return h('div', {}, decisionView(stored));
}

/** A stored decision record as the owner reads it (also used inside an incident's timeline). */
export function decisionView(stored) {
  const d = stored.record?.decision || {};
  return h('div', {class: 'decision'},
    section(`Decision ${stored.id}`,
      h('p', {}, h('span', {class: `sev ${d.severity}`}, d.severity), ` ${d.incidentType} · respond within ${d.responseTimeMinutes} min · `,
        when(stored.recordedAt), ` · by ${stored.caller}`,
        stored.incidentId ? h('span', {}, ' · ', h('a', {href: href(`/incidents/${enc(stored.incidentId)}`)}, 'its incident')) : ''),
      h('h3', {}, 'Why: the rows and rules that decided it'), explanationTable(d.explanation || []),
      h('h3', {}, 'Actions'),
      table([
        {title: 'Type', value: a => a.type},
        {title: 'Target', value: a => a.target ? `${a.target.kind} ${a.target.namespace}/${a.target.name}` : ''},
        {title: 'Risk', value: a => a.risk},
        {title: 'Reason', value: a => a.reason},
      ], d.actions || []),
      h('h3', {}, 'Escalation'),
      table([
        {title: 'After', value: s => `${s.afterMinutes} min`},
        {title: 'Who', value: s => `${s.role} ${s.contact}`},
        {title: 'How', value: s => s.channel},
        {title: 'When', value: s => s.condition},
      ], d.escalation || []),
      h('details', {}, h('summary', {}, 'Facts as received'), h('pre', {}, JSON.stringify(stored.record?.factsReceived ?? stored.record?.facts, null, 2)))));
}

export function explanationTable(rows) {
  return table([
    {title: 'Model', value: e => e.model},
    {title: 'Decision / rule', value: e => e.kind === 'DMN_ROW' ? e.decision : e.rule},
    {title: 'Row', value: e => e.row ?? ''},
    {title: 'Runbook', value: e => e.annotation || ''},
  ], rows);
}
