// Reads the decision tables of a DMN document in the browser, so a validation message that names a decision and a
// row can be shown beside that row's cells and runbook annotation. Element names are matched by local name: the
// shipped files are DMN 1.3 and the editor saves DMN 1.6.

const byLocalName = (parent, name) => [...parent.children].filter(c => c.localName === name);
const textOf = el => (el ? byLocalName(el, 'text')[0]?.textContent ?? el.textContent : '').trim();

/** Decision and BKM name → {inputs, outputs, rules:[{inputs, outputs, annotation}]} for each table in {@code xml}. */
export function decisionTables(xml) {
  const tables = new Map();
  if (!xml) return tables;
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  for (const owner of doc.querySelectorAll('*')) {
    if (owner.localName !== 'decision' && owner.localName !== 'businessKnowledgeModel') continue;
    const table = [...owner.getElementsByTagNameNS('*', 'decisionTable')][0];
    if (!table) continue;
    tables.set(owner.getAttribute('name'), {
      inputs: byLocalName(table, 'input').map(i => i.getAttribute('label') || textOf(byLocalName(i, 'inputExpression')[0])),
      outputs: byLocalName(table, 'output').map(o => o.getAttribute('name') || o.getAttribute('label') || ''),
      rules: byLocalName(table, 'rule').map(rule => ({
        inputs: byLocalName(rule, 'inputEntry').map(textOf),
        outputs: byLocalName(rule, 'outputEntry').map(textOf),
        annotation: byLocalName(rule, 'annotationEntry').map(textOf).join(' '),
      })),
    });
  }
  return tables;
}
