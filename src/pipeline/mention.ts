/**
 * One way to make a `Mention`: every field present (an absent `entity` or `group` is undefined), in
 * one property order. Mentions then share one hidden class, so the code that reads them (sorting,
 * co-reference, relation views) stays optimised: mentions of several shapes made V8 de-optimise and
 * re-compile the large functions of those stages again and again. `JSON.stringify` leaves undefined
 * fields out, and every reader tests `entity`/`group` by value, so nothing else changes.
 */
import type { EntityType, Mention } from '../types.js';

export function mention(
  sentence: number,
  start: number,
  end: number,
  text: string,
  actor: string | null,
  via: Mention['via'],
  entity: EntityType | undefined,
  tokenStart: number,
  tokenEnd: number,
  group?: readonly string[],
): Mention {
  return { sentence, start, end, text, actor, via, entity, tokenStart, tokenEnd, group };
}

/** `m` in the one shape of `mention()` (mentions made elsewhere, e.g. by shape discovery). */
export function canonicalMention(m: Mention): Mention {
  return mention(m.sentence, m.start, m.end, m.text, m.actor, m.via, m.entity, m.tokenStart, m.tokenEnd, m.group);
}
