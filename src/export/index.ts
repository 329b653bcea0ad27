/**
 * Exports of the store and of the signed network, for other tools:
 * - relations as CSV rows or "Relations out" JSON Lines;
 * - the signed network on a date as GEXF 1.3 or GraphML (Gephi, yEd, networkx, igraph);
 * - readings as a PLOVER-style event CSV (one event per reading, PLOVER event type and quad class).
 * Every function is pure: records in, text out.
 */
import type { SignedNetwork } from '../analytics/network.js';
import type { Actor, Relation, RelationType } from '../types.js';

export const EXPORT_FORMATS = ['csv', 'jsonl', 'gexf', 'graphml', 'plover'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** MIME type and file extension of each format. */
export const EXPORT_MEDIA: Readonly<Record<ExportFormat, { readonly type: string; readonly ext: string }>> = {
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
  jsonl: { type: 'application/x-ndjson; charset=utf-8', ext: 'jsonl' },
  gexf: { type: 'application/gexf+xml; charset=utf-8', ext: 'gexf' },
  graphml: { type: 'application/graphml+xml; charset=utf-8', ext: 'graphml' },
  plover: { type: 'text/csv; charset=utf-8', ext: 'plover.csv' },
};

/** Escapes text for XML attribute values and element content. */
export function xmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // Characters XML 1.0 does not allow at all.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

/** One CSV cell, quoted when needed. */
export function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  const out = [header.join(',')];
  for (const r of rows) out.push(r.map(csvCell).join(','));
  return out.join('\n') + '\n';
}

type WithId = Relation & { readonly id?: number };

export const RELATION_CSV_COLUMNS = [
  'id', 'doc', 'date', 'type', 'polarity', 'source', 'source_text', 'target', 'target_text',
  'time_start', 'time_end', 'time_text', 'confidence', 'sentence',
] as const;

/** Relations as CSV, one row per reading (the columns of `faultline export --format csv`). */
export function relationsToCsv(relations: readonly WithId[]): string {
  return csv(
    RELATION_CSV_COLUMNS,
    relations.map((r) => [
      r.id ?? '', r.doc, r.date, r.type, r.polarity, r.source.actor, r.source.text, r.target.actor, r.target.text,
      r.time.start, r.time.end, r.time.text, r.confidence, r.sentence.text,
    ]),
  );
}

/** Relations as "Relations out" JSON Lines (the store's row id left out). */
export function relationsToJsonl(relations: readonly WithId[]): string {
  return relations
    .map((r) => {
      const { id: _id, ...rec } = r as WithId & { id?: number };
      return JSON.stringify(rec) + '\n';
    })
    .join('');
}

interface GraphExportOptions {
  /** Actors (for type, country, parent) beyond what the graph nodes carry. */
  readonly actors?: readonly Actor[];
  /** Bloc id per actor, exported as a node attribute when given. */
  readonly blocs?: Readonly<Record<string, number>>;
  /** Readings per actor up to the date (node activity), exported when given. */
  readonly activity?: Readonly<Record<string, number>>;
}

/** The signed network on a date as GEXF 1.3 (static graph; attributes: type, bloc, sign, state, confidence). */
export function networkToGexf(graph: SignedNetwork, options: GraphExportOptions = {}): string {
  const on = graph.getAttribute('on');
  const byId = new Map((options.actors ?? []).map((a) => [a.id, a]));
  const lines: string[] = [];
  lines.push('<?xml version="1.0" encoding="UTF-8"?>');
  lines.push('<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">');
  lines.push(`  <meta lastmodifieddate="${xmlEscape(on)}"><creator>Faultline</creator><description>Signed network of conflict actors on ${xmlEscape(on)}</description></meta>`);
  lines.push('  <graph defaultedgetype="undirected" mode="static">');
  lines.push('    <attributes class="node">');
  lines.push('      <attribute id="type" title="type" type="string"/>');
  lines.push('      <attribute id="country" title="country" type="string"/>');
  lines.push('      <attribute id="parent" title="parent" type="string"/>');
  lines.push('      <attribute id="bloc" title="bloc" type="integer"/>');
  lines.push('      <attribute id="activity" title="activity" type="integer"/>');
  lines.push('    </attributes>');
  lines.push('    <attributes class="edge">');
  lines.push('      <attribute id="sign" title="sign" type="integer"/>');
  lines.push('      <attribute id="state" title="state" type="string"/>');
  lines.push('      <attribute id="confidence" title="confidence" type="double"/>');
  lines.push('      <attribute id="since" title="since" type="string"/>');
  lines.push('      <attribute id="readings" title="readings" type="integer"/>');
  lines.push('      <attribute id="direction" title="direction" type="string"/>');
  lines.push('    </attributes>');
  lines.push('    <nodes>');
  for (const id of [...graph.nodes()].sort()) {
    const n = graph.getNodeAttributes(id);
    const a = byId.get(id);
    const vals: string[] = [`<attvalue for="type" value="${xmlEscape(n.type)}"/>`];
    if (a?.country) vals.push(`<attvalue for="country" value="${xmlEscape(a.country)}"/>`);
    if (a?.parent) vals.push(`<attvalue for="parent" value="${xmlEscape(a.parent)}"/>`);
    const bloc = options.blocs?.[id];
    if (bloc !== undefined) vals.push(`<attvalue for="bloc" value="${bloc}"/>`);
    const act = options.activity?.[id];
    if (act !== undefined) vals.push(`<attvalue for="activity" value="${act}"/>`);
    lines.push(`      <node id="${xmlEscape(id)}" label="${xmlEscape(n.name)}"><attvalues>${vals.join('')}</attvalues></node>`);
  }
  lines.push('    </nodes>');
  lines.push('    <edges>');
  for (const key of [...graph.edges()].sort()) {
    const e = graph.getEdgeAttributes(key);
    const [s, t] = graph.extremities(key);
    const [src, tgt] = e.direction ? [e.direction.source, e.direction.target] : [s, t];
    const vals = [
      `<attvalue for="sign" value="${e.sign}"/>`,
      `<attvalue for="state" value="${xmlEscape(e.state)}"/>`,
      `<attvalue for="confidence" value="${e.confidence}"/>`,
      ...(e.since ? [`<attvalue for="since" value="${xmlEscape(e.since)}"/>`] : []),
      `<attvalue for="readings" value="${e.readings}"/>`,
      ...(e.direction ? [`<attvalue for="direction" value="${e.direction.mutual ? 'mutual' : 'directed'}"/>`] : []),
    ];
    // Gephi wants positive weights: the sign is an attribute, the weight is the confidence.
    lines.push(
      `      <edge id="${xmlEscape(key)}" source="${xmlEscape(src)}" target="${xmlEscape(tgt)}" weight="${e.confidence}" label="${xmlEscape(e.state)}"><attvalues>${vals.join('')}</attvalues></edge>`,
    );
  }
  lines.push('    </edges>');
  lines.push('  </graph>');
  lines.push('</gexf>');
  return lines.join('\n') + '\n';
}

/** The signed network on a date as GraphML (keys: name, type, bloc, activity; sign, state, confidence, weight). */
export function networkToGraphml(graph: SignedNetwork, options: GraphExportOptions = {}): string {
  const on = graph.getAttribute('on');
  const byId = new Map((options.actors ?? []).map((a) => [a.id, a]));
  const lines: string[] = [];
  lines.push('<?xml version="1.0" encoding="UTF-8"?>');
  lines.push('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">');
  const keys: [string, 'node' | 'edge' | 'graph', string][] = [
    ['on', 'graph', 'string'],
    ['label', 'node', 'string'],
    ['type', 'node', 'string'],
    ['country', 'node', 'string'],
    ['parent', 'node', 'string'],
    ['bloc', 'node', 'int'],
    ['activity', 'node', 'int'],
    ['sign', 'edge', 'int'],
    ['state', 'edge', 'string'],
    ['confidence', 'edge', 'double'],
    ['weight', 'edge', 'double'],
    ['since', 'edge', 'string'],
    ['readings', 'edge', 'int'],
  ];
  for (const [id, domain, type] of keys) lines.push(`  <key id="${id}" for="${domain}" attr.name="${id}" attr.type="${type}"/>`);
  lines.push('  <graph id="faultline" edgedefault="undirected">');
  lines.push(`    <data key="on">${xmlEscape(on)}</data>`);
  for (const id of [...graph.nodes()].sort()) {
    const n = graph.getNodeAttributes(id);
    const a = byId.get(id);
    const d = [`<data key="label">${xmlEscape(n.name)}</data>`, `<data key="type">${xmlEscape(n.type)}</data>`];
    if (a?.country) d.push(`<data key="country">${xmlEscape(a.country)}</data>`);
    if (a?.parent) d.push(`<data key="parent">${xmlEscape(a.parent)}</data>`);
    const bloc = options.blocs?.[id];
    if (bloc !== undefined) d.push(`<data key="bloc">${bloc}</data>`);
    const act = options.activity?.[id];
    if (act !== undefined) d.push(`<data key="activity">${act}</data>`);
    lines.push(`    <node id="${xmlEscape(id)}">${d.join('')}</node>`);
  }
  for (const key of [...graph.edges()].sort()) {
    const e = graph.getEdgeAttributes(key);
    const [s, t] = graph.extremities(key);
    const [src, tgt] = e.direction ? [e.direction.source, e.direction.target] : [s, t];
    const d = [
      `<data key="sign">${e.sign}</data>`,
      `<data key="state">${xmlEscape(e.state)}</data>`,
      `<data key="confidence">${e.confidence}</data>`,
      `<data key="weight">${e.confidence}</data>`,
      ...(e.since ? [`<data key="since">${xmlEscape(e.since)}</data>`] : []),
      `<data key="readings">${e.readings}</data>`,
    ];
    lines.push(`    <edge id="${xmlEscape(key)}" source="${xmlEscape(src)}" target="${xmlEscape(tgt)}">${d.join('')}</edge>`);
  }
  lines.push('  </graph>');
  lines.push('</graphml>');
  return lines.join('\n') + '\n';
}

/**
 * PLOVER event type, mode and quad class of each relation type
 * (quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict).
 * ORIGIN (one actor grew out of another) is context, not an event: it is left out.
 */
export const PLOVER_OF: Readonly<Record<RelationType, { readonly event: string; readonly mode: string; readonly quad: 1 | 2 | 3 | 4 } | null>> = {
  ALLY: { event: 'COOPERATE', mode: 'alliance', quad: 2 },
  TRUCE: { event: 'AGREE', mode: 'ceasefire', quad: 1 },
  ENGAGE: { event: 'CONSULT', mode: 'talks', quad: 1 },
  SUPPORT: { event: 'AID', mode: 'support', quad: 2 },
  MEMBER_OF: { event: 'COOPERATE', mode: 'membership', quad: 2 },
  AFFILIATE_OF: { event: 'COOPERATE', mode: 'affiliation', quad: 2 },
  MEDIATE: { event: 'CONSULT', mode: 'mediate', quad: 1 },
  OPPOSE: { event: 'ACCUSE', mode: 'oppose', quad: 3 },
  FIGHT: { event: 'ASSAULT', mode: 'armed-clash', quad: 4 },
  SPLIT: { event: 'REJECT', mode: 'split', quad: 3 },
  ORIGIN: null,
};

export const PLOVER_COLUMNS = [
  'event_id', 'event_date', 'event_type', 'mode', 'quad_class', 'actor', 'actor_name', 'actor_type',
  'recipient', 'recipient_name', 'recipient_type', 'faultline_type', 'polarity', 'time_start', 'time_end',
  'confidence', 'story_id', 'publication_date', 'text',
] as const;

/** Readings as a PLOVER-style event CSV (ORIGIN readings left out). */
export function relationsToPlover(relations: readonly WithId[], actors: readonly Actor[] = []): string {
  const typeOf = new Map(actors.map((a) => [a.id, a.type]));
  const rows: unknown[][] = [];
  relations.forEach((r, i) => {
    const p = PLOVER_OF[r.type];
    if (!p) return;
    rows.push([
      r.id !== undefined ? `FL${r.id}` : `FL-${r.doc}-${i}`,
      r.time.start, p.event, p.mode, p.quad,
      r.source.actor, r.source.name, typeOf.get(r.source.actor) ?? '',
      r.target.actor, r.target.name, typeOf.get(r.target.actor) ?? '',
      r.type, r.polarity, r.time.start, r.time.end, r.confidence, r.doc, r.date, r.sentence.text,
    ]);
  });
  return csv(PLOVER_COLUMNS, rows);
}
