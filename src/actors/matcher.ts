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
import { mention } from '../pipeline/mention.js';

/** What a trie path ends in. */
/** A memoised piece: its text, its id, the next piece of the same hash. */
interface PieceMemo {
  readonly raw: string;
  readonly id: number;
  readonly next: PieceMemo | undefined;
}

interface Terminal {
  readonly actor: string;
  /** Case-folded key must equal this (case kept) when set. */
  readonly exactCase?: string;
  /** Alias has capitals: reject all-lower-case surfaces. */
  readonly hasCapital: boolean;
  readonly start?: IsoDate;
  readonly end?: IsoDate;
  /** A person's name standing for the actor (a leader as a dated alias): the mention is a PER span. */
  readonly person?: boolean;
  /** Pieces at the end of the alias that are not part of the mention ("-backed" of "Western-backed"). */
  readonly trim?: number;
}

/** Capitalised nouns that make a place name part of an institution's name ("Damascus University", "Baghdad Airport"). */
const INSTITUTION = /^(University|Hospital|Airport|Stadium|Museum|Library|School|College|Institute|Street|Road|Square|Bridge|Dam|Governorate|Province|Countryside|Citadel|Mosque|Zoo|Club|Stock|Exchange|International|Times|Post|Radio|TV|Television)$/;

/** Actor types a nisba ("al-Kuwaiti", "al-Iraqi") would otherwise match. */
const NISBA_TYPES = new Set<string>(['state', 'population']);

/** Participles that make an adjective of a name ("Western-backed"): matched with the name, left out of the mention. */
const PARTICIPLE = /^(backed|led|supported|trained|funded|armed|sponsored|allied|aligned|linked|affiliated|controlled|held|dominated|brokered|friendly|run|based|born|made|style)$/;
/** Titles and words that may stand right before a person's name without making it another person's. */
const TITLE = /^(president|presidents|mr|mrs|ms|dr|gen|general|prime|minister|secretary|king|emir|sheikh|shaikh|leader|chancellor|premier|colonel|col|marshal|field|supreme|crown|prince|sultan|ayatollah|imam|commander|chief|spokesman|envoy|vice|deputy|foreign|defense|defence|senator|sen|rep|lt|maj|capt|brig|adm|admiral|former|late|the|syria|syrias|iraq|iraqs|us|dictator|strongman|regime|then|acting|interim|new|embattled|ousted|exiled)$/;
/** Kin and household nouns after a leader's name: "Assad's brother", "the Assad family" name the person, not the government. */
const KIN = /^(brother|brothers|sister|sisters|wife|husband|son|sons|daughter|daughters|father|mother|cousin|cousins|uncle|nephew|niece|family|clan|relatives|in-law|widow|grandson|granddaughter)$/;

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
  /**
   * Memo: raw piece text → interned id (-1 = not in any alias), keyed by a hash of the piece's
   * characters. NOTE: saves the normalisation per token, and a piece seen before is found without
   * slicing it out of the text (a fresh string to hash per token was the matcher's costliest line).
   */
  private readonly pieceIds = new Map<number, PieceMemo>();
  private pieceCount = 0;

  constructor(actors: readonly Actor[]) {
    for (const a of actors) this.add(a);
  }

  /** Adds (or extends) an actor's names. */
  add(actor: Actor): void {
    this.actors.set(actor.id, actor);
    const cs = new Set(actor.caseSensitiveAliases ?? []);
    const isPerson = actor.type === 'person';
    for (const alias of [actor.name, ...actor.aliases]) {
      this.addAlias(actor.id, alias, cs.has(alias), undefined, undefined, isPerson && looksLikePersonName(alias));
      // "People's Protection Units": text splits the possessive off ("People" + "'s"); the alias is listed both ways
      const split = splitPossessive(alias);
      if (split !== alias) this.addAlias(actor.id, split, cs.has(alias), undefined, undefined, isPerson && looksLikePersonName(alias));
    }
    for (const alias of cs) this.addAlias(actor.id, alias, true);
    for (const d of actor.datedAliases ?? []) this.addAlias(actor.id, d.alias, false, d.start, d.end, looksLikePersonName(d.alias));
  }

  /** Adds one alias for an actor (also used for acronyms defined in a text). */
  addAlias(actorId: string, alias: string, caseSensitive: boolean, start?: IsoDate, end?: IsoDate, person?: boolean): void {
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
        this.pieceCount = 0;
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
    let trim = 0;
    while (trim < pieces.length - 1 && PARTICIPLE.test(normaliseName(alias.slice(pieces[pieces.length - 1 - trim]![0], pieces[pieces.length - 1 - trim]![1])))) trim++;
    // every field present (absent ones undefined): one hidden class for all terminals, so `match`
    // is not de-optimised by terminals of several shapes
    const t: Terminal = {
      actor: actorId,
      hasCapital: /\p{Lu}/u.test(alias),
      exactCase: caseSensitive ? normaliseNameKeepCase(alias).replace(/\s+/g, ' ') : undefined,
      start: start || undefined,
      end: end || undefined,
      person: person || undefined,
      trim: trim || undefined,
    };
    const n = this.nodes[node]!;
    n.terminals ??= [];
    const same = n.terminals.findIndex((x) => x.actor === t.actor && x.exactCase === t.exactCase && x.start === t.start);
    if (same < 0) n.terminals.push(t);
    // the same alias also listed in lower case ("western-backed"): lower-case surfaces count too
    else if (n.terminals[same]!.hasCapital && !t.hasCapital) n.terminals[same] = { ...n.terminals[same]!, hasCapital: false };
  }

  /** The interned id of the piece `text[start, end)` (-1 = not in any alias). */
  private pieceId(text: string, start: number, end: number): number {
    let h = end - start;
    for (let k = start; k < end; k++) h = (Math.imul(h, 31) + text.charCodeAt(k)) | 0;
    const len = end - start;
    let first = this.pieceIds.get(h);
    for (let e = first; e !== undefined; e = e.next) {
      const s = e.raw;
      if (s.length !== len) continue;
      let k = 0;
      while (k < len && s.charCodeAt(k) === text.charCodeAt(start + k)) k++;
      if (k === len) return e.id;
    }
    const raw = text.slice(start, end);
    const id = this.vocab.get(normaliseName(raw)) ?? -1;
    if (this.pieceCount > 500_000) {
      this.pieceIds.clear();
      this.pieceCount = 0;
      first = undefined;
    }
    this.pieceIds.set(h, { raw, id, next: first });
    this.pieceCount++;
    return id;
  }

  /** True when some name of the actor holds these words ("Tayyip Erdogan" in "Recep Tayyip Erdogan"). */
  fullNameHas(actorId: string, words: string): boolean {
    const a = this.actors.get(actorId);
    if (!a) return false;
    const k = ` ${normaliseName(words)} `;
    return [a.name, ...a.aliases, ...(a.datedAliases ?? []).map((d) => d.alias)].some((n) => ` ${normaliseName(n)} `.includes(k));
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
          pieces.ids.push(this.pieceId(text, ts, te));
          pieces.start.push(ts);
          pieces.end.push(te);
          pieceTok.push(t);
          continue;
        }
        for (const [ps, pe] of splitPieces(text, ts, te)) {
          pieces.ids.push(this.pieceId(text, ps, pe));
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
        if (best && best.t.person && !personInContext(text, pieces, i, best.end, this, best.t.actor)) best = undefined;
        if (best && best.end === i && best.end + 1 < n && INSTITUTION.test(text.slice(pieces.start[i + 1]!, pieces.end[i + 1]!)) && /^\s+$/.test(text.slice(pieces.end[i]!, pieces.start[i + 1]!)) &&
          this.actors.get(best.t.actor)?.type === 'government') {
          // a capital standing for its government is not inside an institution's name ("Damascus University")
          best = undefined;
        }
        if (best && shoutedAcronym(text, pieces, i, best.end, best.t)) best = undefined;
        if (best && best.t.exactCase !== undefined && i > 0 && best.end === i && /^al$/i.test(text.slice(pieces.start[i - 1]!, pieces.end[i - 1]!)) && pieceTok[i - 1] === pieceTok[i]) {
          // a one-word case-sensitive name inside an Arabic name ("Asifat al-Hazm" is not Harakat Hazm)
          best = undefined;
        }
        if (best && i >= 1 && pieceTok[i - 1] === pieceTok[i] && /^non$/i.test(text.slice(pieces.start[i - 1]!, pieces.end[i - 1]!))) {
          // "non-Yazidis", "non-Syrians": those who are not them
          best = undefined;
        }
        if (best && best.end === i && i >= 2 && pieceTok[i - 1] === pieceTok[i] && pieceTok[i - 2] !== pieceTok[i] && /^(al|el)$/i.test(text.slice(pieces.start[i - 1]!, pieces.end[i - 1]!)) &&
          /^\p{Lu}/u.test(text.slice(pieces.start[i - 2]!, pieces.end[i - 2]!)) && !/^(the|a|an|and|of|in|on|for|to|by|with|from|at)$/i.test(text.slice(pieces.start[i - 2]!, pieces.end[i - 2]!)) && NISBA_TYPES.has(this.actors.get(best.t.actor)?.type ?? 'person')) {
          // a nisba in a person's name ("Abu Jandal al-Kuwaiti", "Abu Ayyub al-Masri") is no state or people
          best = undefined;
        }
        if (best) {
          const last = best.end - (best.t.trim ?? 0);
          const start = pieces.start[i]!, end = pieces.end[last]!;
          out.push(mention(s.index, start, end, text.slice(start, end), best.t.actor, 'dictionary', best.t.person ? 'PER' : undefined, pieceTok[i]!, pieceTok[last]! + 1));
          i = best.end + 1;
        } else i++;
      }
    }
    return out;
  }
}

/**
 * A leader's name stands for the actor only as that person: not as another person's surname
 * ("Maher al-Assad", "Asma al-Assad"), not inside a longer capitalised name ("Al Assad University
 * Hospital"), not when the words after it name the person's kin ("Assad's brother", "the Assad family").
 */
function personInContext(text: string, p: Pieces, i: number, j: number, m: ActorMatcher, actor: string): boolean {
  let k = i - 1;
  // "Bassel al-Assad": look past the name particle
  while (k >= 0 && /^(al|el|ad|as|ash|bin|ibn|abu|bint)$/i.test(text.slice(p.start[k]!, p.end[k]!)) && k >= i - 2) k--;
  if (k >= 0) {
    const prev = text.slice(p.start[k]!, p.end[k]!);
    const gap = text.slice(p.end[k]!, p.start[k + 1]!);
    if (/^\p{Lu}/u.test(prev) && /^[\s\-\u2010\u2011]*$/.test(gap) && !TITLE.test(normaliseName(prev).replace(/\s+/g, '')) && !m.fullNameHas(actor, text.slice(p.start[k]!, p.end[j]!))) return false;
  }
  if (j + 1 < p.ids.length) {
    const gap = text.slice(p.end[j]!, p.start[j + 1]!);
    let next = text.slice(p.start[j + 1]!, p.end[j + 1]!);
    if (/^\s+$/.test(gap) && /^\p{Lu}/u.test(next) && /^(University|Hospital|Airport|Street|Road|Square|Stadium|Library|Mosque|School|Bridge|Dam|Lake|Institute|Foundation|Center|Centre|Park)$/.test(next)) return false;
    if (/^['’]s$/.test(next) || next === "'" || next === '’') next = j + 2 < p.ids.length ? text.slice(p.start[j + 2]!, p.end[j + 2]!) : '';
    const tail = text.slice(p.end[j]!, p.end[j]! + 3);
    if (/^['’]s\b/.test(tail) && j + 1 < p.ids.length) {
      const after = text.slice(p.end[j]! + 2).match(/^\s+([\p{L}-]+)/u)?.[1] ?? '';
      if (KIN.test(after.toLowerCase())) return false;
    }
    if (/^\s+$/.test(gap) && KIN.test(next.toLowerCase())) return false;
  }
  return true;
}

/** An all-capital acronym ("IS", "US") inside shouted text ("WHAT IS NEXT") is a word, not the acronym. */
function shoutedAcronym(text: string, p: Pieces, i: number, j: number, t: Terminal): boolean {
  if (t.exactCase === undefined || i !== j) return false;
  const w = text.slice(p.start[i]!, p.end[i]!);
  if (!/^[A-Z]{2,3}$/.test(w)) return false;
  const caps = (k: number): boolean => k >= 0 && k < p.ids.length && /^[A-Z]{2,}$/.test(text.slice(p.start[k]!, p.end[k]!)) && p.ids[k]! < 0;
  return caps(i - 1) || caps(i + 1);
}

/** An alias with its possessive endings written as separate pieces ("People's Army" → "People 's Army"), as the segmenter splits them. */
export function splitPossessive(alias: string): string {
  return alias.replace(/(\p{L})(['’]s)(?=\s|$)/gu, '$1 $2');
}

/** A dated alias that reads as a person's name (capitalised words, no "administration"/"government"). */
export function looksLikePersonName(alias: string): boolean {
  const ws = alias.split(/\s+/);
  return ws.every((w) => /^(\p{Lu}|al-|el-|ad-|as-|bin\b|ibn\b|bint\b|de\b|van\b|von\b|da\b)/u.test(w)) &&
    !ws.some((w) => /^(Administration|Government|Regime|Forces|Cabinet|Council|Party|Army|Ministry|Office|Transitional|Caretaker|Authorities|State|Republic)$/i.test(w));
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
