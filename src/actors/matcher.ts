/**
 * Dictionary matching: a trie over normalised word pieces, longest match first.
 *
 * Tokens are split at hyphens into pieces ("al-Nusra" → al | nusra, "U.S.-backed" → U.S. | backed),
 * each piece normalised (case-folded, diacritics, dots and apostrophes removed) and interned to an
 * integer, so "al-Nusra", "Al Nusra" and "AL-NUSRA" walk the same path. A match may start or end
 * inside a hyphenated token ("U.S." in "U.S.-backed").
 *
 * Case rules: an alias listed as case-sensitive matches only when written exactly so (after
 * dots/hyphens are folded); an alias that has capitals in the dictionary never matches a surface
 * written all in lower case ("west" is not "the West", "hazm" is not "Hazm").
 */
import type { Actor, IsoDate, Mention, Sentence, TokenTable } from '../types.js';
import { normaliseName, normaliseNameKeepCase } from './normalise.js';

/** What a trie path ends in. */
interface Terminal {
  readonly actor: string;
  /** Case-folded key must equal this (case kept) when set. */
  readonly exactCase?: string;
  /** Alias has capitals: reject all-lower-case surfaces. */
  readonly hasCapital: boolean;
  readonly start?: IsoDate;
  readonly end?: IsoDate;
}

interface TrieNode {
  next: Map<number, number> | undefined;
  terminals: Terminal[] | undefined;
}

const HYPHEN = /[-\u2010\u2011\u2012\u2013\u2212]/;
const WORDISH = /[\p{L}\p{N}]/u;

/** Word pieces of one sentence: interned ids and their character spans. */
interface Pieces {
  ids: number[];
  start: number[];
  end: number[];
}

export interface MatcherOptions {
  /** Only aliases valid on this date count (dated aliases); default: every alias. */
  readonly date?: IsoDate;
}

export class ActorMatcher {
  private readonly vocab = new Map<string, number>();
  private readonly nodes: TrieNode[] = [{ next: undefined, terminals: undefined }];
  private readonly actors = new Map<string, Actor>();
  /** Memo: raw piece text → interned id (-1 = not in any alias). NOTE: saves the normalisation per token. */
  private readonly pieceIds = new Map<string, number>();

  constructor(actors: readonly Actor[]) {
    for (const a of actors) this.add(a);
  }

  /** Adds (or extends) an actor's names. */
  add(actor: Actor): void {
    this.actors.set(actor.id, actor);
    const cs = new Set(actor.caseSensitiveAliases ?? []);
    for (const alias of [actor.name, ...actor.aliases]) this.addAlias(actor.id, alias, cs.has(alias));
    for (const alias of cs) this.addAlias(actor.id, alias, true);
    for (const d of actor.datedAliases ?? []) this.addAlias(actor.id, d.alias, false, d.start, d.end);
  }

  /** Adds one alias for an actor (also used for acronyms defined in a text). */
  addAlias(actorId: string, alias: string, caseSensitive: boolean, start?: IsoDate, end?: IsoDate): void {
    const pieces = splitPieces(alias, 0, alias.length);
    if (pieces.length === 0) return;
    let node = 0;
    for (const p of pieces) {
      const key = normaliseName(alias.slice(p[0], p[1]));
      if (!key) continue;
      let id = this.vocab.get(key);
      if (id === undefined) {
        id = this.vocab.size;
        this.vocab.set(key, id);
        this.pieceIds.clear();
      }
      const n = this.nodes[node]!;
      n.next ??= new Map();
      let child = n.next.get(id);
      if (child === undefined) {
        child = this.nodes.length;
        this.nodes.push({ next: undefined, terminals: undefined });
        n.next.set(id, child);
      }
      node = child;
    }
    const t: Terminal = {
      actor: actorId,
      hasCapital: /\p{Lu}/u.test(alias),
      ...(caseSensitive ? { exactCase: normaliseNameKeepCase(alias).replace(/\s+/g, ' ') } : {}),
      ...(start ? { start } : {}),
      ...(end ? { end } : {}),
    };
    const n = this.nodes[node]!;
    n.terminals ??= [];
    if (!n.terminals.some((x) => x.actor === t.actor && x.exactCase === t.exactCase && x.start === t.start)) n.terminals.push(t);
  }

  private pieceId(raw: string): number {
    let id = this.pieceIds.get(raw);
    if (id === undefined) {
      id = this.vocab.get(normaliseName(raw)) ?? -1;
      if (this.pieceIds.size > 500_000) this.pieceIds.clear();
      this.pieceIds.set(raw, id);
    }
    return id;
  }

  getActor(id: string): Actor | undefined {
    return this.actors.get(id);
  }

  /** Finds the dictionary mentions of every sentence (longest match, left to right). */
  match(text: string, sentences: readonly Sentence[], tokens: TokenTable, options: MatcherOptions = {}): Mention[] {
    const out: Mention[] = [];
    const pieces: Pieces = { ids: [], start: [], end: [] };
    const pieceTok: number[] = [];
    for (const s of sentences) {
      pieces.ids.length = pieces.start.length = pieces.end.length = pieceTok.length = 0;
      for (let t = s.tokenStart; t < s.tokenEnd; t++) {
        const ts = tokens.start[t]!, te = tokens.end[t]!;
        if (isPlainWord(text, ts, te)) {
          pieces.ids.push(this.pieceId(text.slice(ts, te)));
          pieces.start.push(ts);
          pieces.end.push(te);
          pieceTok.push(t);
          continue;
        }
        for (const [ps, pe] of splitPieces(text, ts, te)) {
          pieces.ids.push(this.pieceId(text.slice(ps, pe)));
          pieces.start.push(ps);
          pieces.end.push(pe);
          pieceTok.push(t);
        }
      }
      const n = pieces.ids.length;
      let i = 0;
      while (i < n) {
        let node = 0, best: { end: number; t: Terminal } | undefined;
        for (let j = i; j < n; j++) {
          const id = pieces.ids[j]!;
          if (id < 0) break;
          const child = this.nodes[node]!.next?.get(id);
          if (child === undefined) break;
          node = child;
          const terms = this.nodes[node]!.terminals;
          if (terms) {
            const surface = text.slice(pieces.start[i]!, pieces.end[j]!);
            const t = terms.find((x) => accepts(x, surface, options.date));
            if (t) best = { end: j, t };
          }
        }
        if (best) {
          const start = pieces.start[i]!, end = pieces.end[best.end]!;
          out.push({
            sentence: s.index,
            start,
            end,
            text: text.slice(start, end),
            actor: best.t.actor,
            via: 'dictionary',
            tokenStart: pieceTok[i]!,
            tokenEnd: pieceTok[best.end]! + 1,
          });
          i = best.end + 1;
        } else i++;
      }
    }
    return out;
  }
}

function accepts(t: Terminal, surface: string, date: IsoDate | undefined): boolean {
  if (date) {
    if (t.start && date < t.start) return false;
    if (t.end && date > t.end) return false;
  }
  if (t.exactCase !== undefined) return normaliseNameKeepCase(surface).replace(/\s+/g, ' ') === t.exactCase;
  if (t.hasCapital && !/\p{Lu}/u.test(surface)) return false;
  return true;
}

/** True when text[start, end) is one piece: letters, digits, dots, apostrophes — no hyphen or space. */
function isPlainWord(text: string, start: number, end: number): boolean {
  let word = false;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) word = true;
    else if (c === 45 || c === 32 || c >= 0x2010) return false;
  }
  return word;
}

/** Splits `text[start, end)` into word pieces at whitespace and hyphens; drops pure punctuation. */
export function splitPieces(text: string, start: number, end: number): [number, number][] {
  const out: [number, number][] = [];
  let ps = -1;
  for (let k = start; k <= end; k++) {
    const ch = k < end ? text[k]! : ' ';
    const sep = ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r' || HYPHEN.test(ch);
    if (sep) {
      if (ps >= 0) {
        if (WORDISH.test(text.slice(ps, k))) out.push([ps, k]);
        ps = -1;
      }
    } else if (ps < 0) ps = k;
  }
  return out;
}
