/**
 * Helpers for the analytics tests: hand-made Relation records and signed networks.
 */
import type { Actor, Relation, RelationType } from '../types.js';
import { POLARITY } from '../types.js';
import { networkFromStates, type SignedNetwork } from './network.js';
import type { DyadState, DyadStateName } from './dyad-state.js';

let counter = 0;

/** A Relation record between two actor ids; `start`/`end` default to the article date. */
export function rel(
  type: RelationType,
  source: string,
  target: string,
  date: string,
  extra: { start?: string; end?: string; text?: string | null; doc?: string; confidence?: number } = {},
): Relation {
  const doc = extra.doc ?? `doc-${date}-${++counter}`;
  const end = (id: string) => ({ actor: id, name: id, text: id, start: 0, end: id.length });
  return {
    doc,
    date,
    type,
    polarity: POLARITY[type],
    source: end(source),
    target: end(target),
    time: { start: extra.start ?? date, end: extra.end ?? extra.start ?? date, text: extra.text ?? null },
    sentence: { index: 0, start: 0, end: 10, text: `${source} ${type} ${target}` },
    confidence: extra.confidence ?? 0.8,
  };
}

/** A signed network from `a b +` / `a b -` edge specs (confidence 1, symmetric states). */
export function signedGraph(edges: readonly (readonly [string, string, 1 | -1])[], on = '2020-01-01'): SignedNetwork {
  const states: DyadState[] = edges.map(([x, y, s]) => {
    const [a, b] = x < y ? [x, y] : [y, x];
    const state: DyadStateName = s > 0 ? 'allied' : 'hostile';
    return {
      a,
      b,
      on,
      state,
      sign: s,
      confidence: 1,
      direction: null,
      since: on,
      lastSeen: on,
      evidence: [],
      contradictions: [],
      context: [],
      scores: { [state]: 1 },
    };
  });
  const ids = [...new Set(edges.flatMap(([x, y]) => [x, y]))];
  const actors: Actor[] = ids.map((id) => ({ id, name: id.toUpperCase(), type: 'armed_group', aliases: [] }));
  return networkFromStates(states, actors, on);
}
