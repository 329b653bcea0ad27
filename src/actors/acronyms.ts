/**
 * Acronyms read in the context of their document.
 *
 * An acronym is the initials of a name the document itself uses: "the SAC" in a text that names the
 * Syrian Arab Coalition is that coalition, "CJTF" next to "Combined Joint Task Force – Operation
 * Inherent Resolve" is that task force, "the 407th AEG" after "the 407th Air Expeditionary Group" is
 * that group. The names are the document's mentions (their words, and the dictionary name of the
 * actor they resolve to), split at dashes into parts that have initials of their own.
 *
 * A dictionary acronym of a country-specific actor ("SAC" = Myanmar's State Administration Council,
 * "CJTF" = Nigeria's Civilian JTF) whose country the document never names, while it names other
 * countries, and which no name of the document expands, stands for nothing known: it is dropped
 * (the letters are too short to carry the actor on their own).
 *
 * Output: the mentions with acronyms re-pointed, added or dropped. An acronym of an unknown name
 * (a candidate) becomes a co-reference mention whose actor is the id the relation reader gives
 * that candidate (`candidateId`), so both spellings make one node.
 */
import { mention } from '../pipeline/mention.js';
import { candidateId } from '../relations/view.js';
import type { Actor, Mention, Sentence, TokenTable } from '../types.js';

/** An acronym as written: 2 to 7 capitals (digits and "&" inside), dots allowed ("U.N."). */
const ACRONYM = /^[A-Z](?:[A-Z0-9&]|\.(?=[A-Z]))*\.?$/;
/** Words that initials skip. */
const SKIP = /^(of|the|and|for|in|on|at|to|de|du|des|la|le|al|el|a|an|&|'s|’s)$/i;

/** Actor types whose acronym needs its country in the document (a state's own acronym does not). */
const NON_STATE = new Set<Actor['type']>(['armed_group', 'organization', 'coalition']);

function letters(acr: string): string {
  return acr.replace(/\./g, '');
}

/** Initials of the capitalised content words of a name, and of each of its dash-separated parts. */
export function initialsOf(name: string): string[] {
  const out: string[] = [];
  const parts = name.split(/\s+[-–—]\s+|\s*[–—]\s*|\s*\(\s*|\s*\)\s*/);
  const whole: string[] = [];
  for (const part of parts) {
    const ws = part.split(/[\s-]+/).filter((w) => w && !SKIP.test(w));
    // ordinals and numbers ("407th", "3rd") are not in the initials
    const content = ws.filter((w) => !/^\d/.test(w));
    if (!content.length || content.some((w) => !/^\p{Lu}/u.test(w))) {
      whole.length = 0;
      break;
    }
    const ini = content.map((w) => w[0]!).join('');
    if (ini.length >= 2) out.push(ini);
    whole.push(ini);
  }
  if (parts.length > 1 && whole.length === parts.length) out.push(whole.join(''));
  return out;
}

export interface AcronymContext {
  readonly getActor: (id: string) => Actor | undefined;
}

/**
 * Re-reads the acronyms of one document (`found`: its mentions so far, any order) and returns the
 * new mention list. Linear in tokens and mentions.
 */
export function resolveAcronyms(text: string, sentences: readonly Sentence[], tokens: TokenTable, found: readonly Mention[], ctx: AcronymContext): Mention[] {
  // ---- what may need reading: acronym mentions of non-states, and acronyms no mention covers
  // NOTE: most documents have neither (a state's "US" needs nothing); they leave here after one pass.
  const covered = new Uint8Array(tokens.length);
  let work = false;
  /** Countries of the document's actors; the acronyms of country-specific actors ("SAC", "CJTF"), checked against them below. */
  const countries = new Map<string, number>();
  let local: Actor[] | undefined;
  for (const m of found) {
    covered.fill(1, m.tokenStart, m.tokenEnd);
    const a = m.actor ? ctx.getActor(m.actor) : undefined;
    if (m.via !== 'coreference' && isAcronymText(m.text)) {
      // an unknown acronym needs reading; "UN", "ISIS", "US" need nothing
      if (!a) work = true;
      else if (NON_STATE.has(a.type) && a.country !== undefined) (local ??= []).push(a);
      // "US", "UK": a state's own acronym names its country
      if (a?.country && (a.type === 'state' || a.type === 'government')) countries.set(a.country, (countries.get(a.country) ?? 0) + 1);
    } else if (a?.country) countries.set(a.country, (countries.get(a.country) ?? 0) + 1);
  }
  // a country-specific acronym in a document naming its country needs nothing either ("SDF" next to Syria)
  if (local && !work) work = local.some((a) => !countries.has(a.country!));
  const loose: number[] = [];
  for (let t = 0; t < tokens.length; t++) {
    if (covered[t]) continue;
    const s0 = tokens.start[t]!, c = text.charCodeAt(s0), c1 = text.charCodeAt(s0 + 1);
    if (c < 65 || c > 90 || !((c1 >= 65 && c1 <= 90) || c1 === 46)) continue;
    if (isAcronymText(text.slice(s0, tokens.end[t]!))) loose.push(t);
  }
  if (!work && !loose.length) return [...found];
  return readAcronyms(text, sentences, tokens, found, ctx, countries, loose);
}

/**
 * The acronyms of a document that has some to read (`countries`: its actors' countries with counts;
 * `loose`: acronym tokens no mention covers).
 * NOTE: a function of its own: most documents never get here, and V8 re-compiles this part, not the first pass, when it de-optimises.
 */
function readAcronyms(
  text: string, sentences: readonly Sentence[], tokens: TokenTable, found: readonly Mention[], ctx: AcronymContext,
  countries: ReadonlyMap<string, number>, loose: readonly number[],
): Mention[] {
  // ---- names of the document by their initials (one meaning each; a clash makes the key unusable)
  const byInitials = new Map<string, Mention | null>();
  const offer = (key: string, m: Mention): void => {
    const had = byInitials.get(key);
    if (had === undefined) byInitials.set(key, m);
    else if (had !== null && (had.actor ?? candidateId(had.text)) !== (m.actor ?? candidateId(m.text))) byInitials.set(key, null);
  };
  for (const m of found) {
    if (isAcronymText(m.text)) continue;
    if (m.via === 'coreference' || (m.actor === null && m.via !== 'candidate') || m.entity === 'PER') continue;
    for (const k of cachedInitials(m.text)) offer(k, m);
    // "CJTF-OIR": each acronym of a hyphenated acronym stands for the whole
    if (m.text.includes('-')) for (const part of m.text.split('-')) if (isAcronymText(part)) offer(letters(part), m);
    const a = m.actor ? ctx.getActor(m.actor) : undefined;
    if (a) for (const k of cachedInitials(a.name)) offer(k, m);
  }
  const expansion = (acr: string): Mention | undefined => byInitials.get(letters(acr).replace(/s$/, '')) ?? byInitials.get(letters(acr)) ?? undefined;
  const otherCountries = (c: string): number => {
    let n = 0;
    for (const [k, v] of countries) if (k !== c) n += v;
    return n;
  };

  const out: Mention[] = [];
  for (const m of found) {
    if (m.via === 'coreference' || !isAcronymText(m.text)) {
      out.push(m);
      continue;
    }
    const e = expansion(m.text);
    const eid = e ? e.actor ?? candidateId(e.text) : undefined;
    if (e && eid !== (m.actor ?? candidateId(m.text))) {
      out.push(relink(m, e));
      continue;
    }
    const a = m.actor ? ctx.getActor(m.actor) : undefined;
    // a country-specific acronym out of its country, which no name of the document expands: dropped
    if (a?.country && NON_STATE.has(a.type) && !countries.has(a.country) && otherCountries(a.country) >= 2 && !e) continue;
    out.push(m);
  }
  // ---- acronyms no mention covers ("the 407th AEG")
  if (byInitials.size) {
    let s = 0;
    for (const t of loose) {
      const w = text.slice(tokens.start[t]!, tokens.end[t]!);
      const e = expansion(w);
      if (!e) continue;
      while (sentences[s]!.tokenEnd <= t) s++;
      out.push(relink(mention(sentences[s]!.index, tokens.start[t]!, tokens.end[t]!, w, null, 'candidate', undefined, t, t + 1), e));
    }
  }
  return out;
}

/** An acronym as written, 2 to 7 letters. */
function isAcronymText(s: string): boolean {
  if (s.length < 2 || s.length > 9) return false;
  const c = s.charCodeAt(0), c1 = s.charCodeAt(1);
  if (c < 65 || c > 90 || !((c1 >= 65 && c1 <= 90) || c1 === 46 || (c1 >= 48 && c1 <= 57) || c1 === 38)) return false;
  if (!ACRONYM.test(s)) return false;
  const n = letters(s).length;
  return n >= 2 && n <= 7;
}

/** `initialsOf`, memoised (names repeat across documents). */
const initialsMemo = new Map<string, readonly string[]>();
const NONE: readonly string[] = [];
function cachedInitials(name: string): readonly string[] {
  if (name.indexOf(' ') < 0 && name.indexOf('-') < 0 && name.indexOf('–') < 0) return NONE;
  let v = initialsMemo.get(name);
  if (v === undefined) {
    v = initialsOf(name);
    if (initialsMemo.size > 50_000) initialsMemo.clear();
    initialsMemo.set(name, v.length ? v : NONE);
  }
  return v;
}

/** The acronym mention `m` standing for the name `e`: its actor, or the id of the candidate `e`. */
function relink(m: Mention, e: Mention): Mention {
  return e.actor
    ? mention(m.sentence, m.start, m.end, m.text, e.actor, 'dictionary', e.entity || undefined, m.tokenStart, m.tokenEnd)
    : mention(m.sentence, m.start, m.end, m.text, candidateId(e.text), 'coreference', e.entity || undefined, m.tokenStart, m.tokenEnd);
}
