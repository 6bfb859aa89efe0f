import {h, table, when, section, field} from '../dom.js';
import {get, query} from '../api.js';
import {go, href} from '../nav.js';
import {explanationTable} from './decisions.js';

const enc = encodeURIComponent;

/** Incidents, newest first. */
export async function incidentsPage(ctx) {
  const q = ctx.query;
  const page = await get(`/api/v1/incidents${query({status: q.status, service: q.service, limit: 50, cursor: q.cursor})}`);
  const status = h('select', {id: 'f-status'}, h('option', {value: ''}, 'any'),
    ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'].map(s => h('option', {value: s, selected: s === q.status}, s)));
  const service = h('input', {type: 'text', id: 'f-service', value: q.service || ''});
  const {cursor, ...current} = q;
  return section('Incidents',
    h('form', {class: 'inline', onsubmit: event => { event.preventDefault(); go('/incidents', {status: status.value, service: service.value}); }},
      field('Status', status), field('Service', service), h('button', {type: 'submit'}, 'Filter')),
    table([
      {title: 'Opened', value: i => when(i.openedAt)},
      {title: 'Service', value: i => h('a', {href: href(`/incidents/${enc(i.id)}`)}, i.service)},
      {title: 'Severity', value: i => h('span', {class: `sev ${i.severity}`}, i.severity)},
      {title: 'Type', value: i => i.incidentType},
      {title: 'Status', value: i => i.status},
      {title: 'Decisions', value: i => i.decisionCount},
      {title: 'Updated', value: i => when(i.updatedAt)},
    ], page.items),
    h('p', {class: 'pager'},
      cursor ? h('a', {href: href('/incidents', current)}, '« newest') : '',
      page.nextCursor ? h('a', {href: href('/incidents', {...current, cursor: page.nextCursor})}, 'older »') : ''));
}

/**
 * One incident: its timeline with, for every decision on it, the rows and rules that decided it (read from the
 * decision's audit record), then its actions and escalation steps.
 */
export async function incidentPage(ctx) {
  const incident = await get(`/api/v1/incidents/${enc(ctx.params[0])}`);
  const timeline = [...(incident.timeline || [])].sort((a, b) => a.seq - b.seq);
  const decisions = new Map(await Promise.all(timeline.filter(e => e.kind === 'DECISION' && e.recordId)
    .map(async e => [e.recordId, await get(`/api/v1/decisions/${enc(e.recordId)}`).catch(() => null)])));
  return h('div', {},
    section(`Incident: ${incident.service} (${incident.namespace || 'no namespace'})`,
      h('p', {}, h('span', {class: `sev ${incident.severity}`}, incident.severity), ` ${incident.incidentType} · ${incident.status} · opened `,
        when(incident.openedAt), incident.acknowledgedBy ? ` · acknowledged by ${incident.acknowledgedBy}` : '',
        incident.resolvedBy ? ` · resolved by ${incident.resolvedBy}` : ''),
      h('ol', {class: 'timeline'}, timeline.map(e => {
        const stored = decisions.get(e.recordId);
        return h('li', {class: `kind-${e.kind}`},
          h('div', {}, when(e.at), ' ', h('strong', {}, e.kind), e.change ? ` ${e.change}` : '', e.severity ? ` → ${e.severity}` : '',
            e.caller ? ` · ${e.caller}` : '', e.note ? ` · “${e.note}”` : '',
            e.kind === 'DECISION' && e.recordId ? h('span', {}, ' · ', h('a', {href: href(`/decisions/${enc(e.recordId)}`)}, 'decision')) : ''),
          stored ? h('details', {}, h('summary', {}, 'Rows and rules that decided it'),
            explanationTable(stored.record?.decision?.explanation || [])) : '');
      }))),
    section('Actions', table([
      {title: '#', value: a => a.planIndex},
      {title: 'Type', value: a => a.type},
      {title: 'Target', value: a => a.targetName ? `${a.targetKind} ${a.namespace}/${a.targetName}` : ''},
      {title: 'Risk', value: a => a.risk},
      {title: 'Mode', value: a => a.mode},
      {title: 'Status', value: a => a.status},
      {title: 'Reason', value: a => a.reason},
    ], incident.actions || [])),
    section('Escalation', table([
      {title: 'Due', value: s => when(s.dueAt)},
      {title: 'Who', value: s => `${s.role} ${s.contact}`},
      {title: 'How', value: s => s.channel},
      {title: 'When', value: s => s.condition},
      {title: 'Status', value: s => s.status},
      {title: 'Fired', value: s => when(s.firedAt)},
    ], incident.escalation || [])));
}
