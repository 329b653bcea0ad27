/**
 * Adapters that turn each stage module's function into a pipeline `Stage` with its declared
 * needs and adds. The work itself lives in the stage folders.
 */
import { resolveAcronyms } from '../actors/acronyms.js';
import { discoverNames, isAdjective as adjectiveMention } from '../actors/discover.js';
import { ActorMatcher } from '../actors/matcher.js';
import { normaliseName } from '../actors/normalise.js';
import { segment } from '../segment/index.js';
import { findTimes } from '../time/index.js';
import type { Actor, EntityType, Mention, Sentence, SentenceSyntax, TokenTable } from '../types.js';
import type { Stage, WorkingDoc } from './stage.js';
import { canonicalMention, mention } from './mention.js';

/** segment: article text → sentences and tokens. */
export function segmentStage(): Stage {
  return {
    name: 'segment',
    needs: [],
    adds: ['sentences', 'tokens', 'lower'],
    run(doc) {
      const r = segment(doc.article.text);
      doc.sentences = r.sentences;
      doc.tokens = r.tokens;
      doc.lower = lowerWords(doc.article.text, r.tokens);
    },
  };
}

/**
 * Each token's text lower-cased with ’ straightened to ' (what `s.toLowerCase().replace(/’/g, "'")`
 * gives per token). NOTE: one pass over the whole text, then one slice per token: no per-token regex.
 */
export function lowerWords(text: string, tokens: TokenTable): string[] {
  const n = tokens.length;
  const out = new Array<string>(n);
  let low = text.toLowerCase();
  // per token when lower-casing changes lengths (İ) or depends on context (final sigma)
  if (low.length !== text.length || text.includes('\u03a3')) {
    for (let t = 0; t < n; t++) out[t] = text.slice(tokens.start[t]!, tokens.end[t]!).toLowerCase().replace(/’/g, "'");
    return out;
  }
  if (low.includes('’')) low = low.replace(/’/g, "'");
  for (let t = 0; t < n; t++) out[t] = low.slice(tokens.start[t]!, tokens.end[t]!);
  return out;
}

/** The document's lower-cased tokens (`lower`), made and kept on the document when no segment stage made them. */
export function lowerOf(doc: WorkingDoc): readonly string[] {
  return (doc.lower ??= lowerWords(doc.article.text, doc.tokens!));
}

/** Something that finds named entities in a sentence (token spans). */
export interface EntityTagger {
  tag(words: readonly string[]): { start: number; end: number; type: EntityType }[];
}

const ENTITY_OF: Record<Actor['type'], EntityType> = {
  state: 'GPE', government: 'ORG', armed_group: 'ORG', coalition: 'ORG', organization: 'ORG',
  person: 'PER', media: 'ORG', population: 'NORP',
};

/** Words of tokens [from, to) of a text. */
export function words(text: string, start: Uint32Array, end: Uint32Array, from: number, to: number): string[] {
  const out = new Array<string>(to - from);
  for (let i = from; i < to; i++) out[i - from] = text.slice(start[i]!, end[i]!);
  return out;
}

/** What the mention stage takes besides the matcher. */
export interface MentionStageOptions {
  /** Candidate names reviewed and ignored (keys or texts; compared normalised): never emitted. */
  readonly ignore?: Iterable<string>;
  /** Find unknown group names from their shape ("Liwa al-...", "... Front", "Task Force X"); default true. */
  readonly discover?: boolean;
}

/** Common nouns for groups that co-reference reads ("The Coalition", "Rebels" opening a sentence): alone they are no name. */
const GENERIC_HEAD = /^(coalition|coalitions|allies|partners|enemy|militants|insurgents|rebels|troops|soldiers|jihadists|terrorists|extremists)$/;

/** Words that only say "armed forces": an NER name made of a state adjective and these stays the state. */
const FORCE_WORDS = /^(army|armed|forces|force|navy|naval|air|military|special|security|police|troops|marines|national|guard|border|coast|ground|land|royal|defence|defense|government|ministry|embassy|president|prime|minister|foreign|of|the|and|central|command|operations|operation|special|forces|component|task|headquarters|public|affairs|office|intelligence|services|service|agency|department|staff|joint|combined)$/;

/**
 * mentions: dictionary matches (longest first), acronyms defined in the text, names found from their
 * shape (`discoverNames`), NER candidates. A candidate name replaces a state adjective inside it
 * ("Syrian Computer Society" is one unknown name, not Syria).
 */
export function mentionStage(matcher: ActorMatcher, ner?: EntityTagger, options: MentionStageOptions = {}): Stage {
  const ignored = new Set<string>();
  for (const k of options.ignore ?? []) ignored.add(normaliseName(k));
  const discover = options.discover ?? true;
  const getActor = (id: string) => matcher.getActor(id);
  const isAdjective = (m: Mention): boolean => adjectiveMention(m, getActor);
  return {
    name: 'mentions',
    needs: ['sentences', 'tokens'],
    adds: ['mentions'],
    run(doc) {
      const { text, date } = doc.article;
      const sentences = doc.sentences!, tokens = doc.tokens!;
      let found = matcher.match(text, sentences, tokens, { date });
      found = found.map((m) => {
        const a = m.actor ? matcher.getActor(m.actor) : undefined;
        return a ? mention(m.sentence, m.start, m.end, m.text, m.actor, m.via, m.entity ?? ENTITY_OF[a.type], m.tokenStart, m.tokenEnd, m.group) : m;
      });
      if (discover) {
        const d = discoverNames(text, sentences, tokens, found, getActor, lowerOf(doc));
        if (d.replaced.size) found = found.filter((m) => !d.replaced.has(m));
        found = found.concat(d.candidates.map(canonicalMention));
      }
      found = definedAcronyms(text, sentences, tokens, found);
      found = found.concat(kunyaNames(text, sentences, tokens, found));
      if (ner) found = nerCandidates(ner, text, sentences, tokens, found, isAdjective);
      // acronyms read against the document's own names and countries ("the SAC", "CJTF", "the 407th AEG")
      found = resolveAcronyms(text, sentences, tokens, found, { getActor });
      if (ignored.size) found = found.filter((m) => m.via !== 'candidate' || !ignored.has(normaliseName(m.text)));
      found.sort((a, b) => a.start - b.start || b.end - a.end);
      doc.mentions = found;
    },
  };
}

/**
 * Acronyms defined in the text: "the Syrian Revolutionary Front (SRF)" → SRF is that actor here;
 * `found` plus a mention for each later use of one.
 * NOTE: a function of its own (as `nerCandidates`): V8 re-compiles the smaller function, not the whole stage, when one de-optimises.
 */
function definedAcronyms(text: string, sentences: readonly Sentence[], tokens: TokenTable, found: Mention[]): Mention[] {
  const defined = new Map<string, Mention>();
  for (const m of found) {
    let t = m.tokenEnd;
    // "U.S. Naval Forces Central Command's (NAVCENT)": past a possessive
    if (t < tokens.length && /^['’]s$/.test(text.slice(tokens.start[t]!, tokens.end[t]!))) t++;
    if (t + 2 < tokens.length && text[tokens.start[t]!] === '(' && text[tokens.start[t + 2]!] === ')') {
      const acr = text.slice(tokens.start[t + 1]!, tokens.end[t + 1]!);
      if (/^[A-Z][A-Za-z0-9.\-]{1,9}$/.test(acr) && /[A-Z].*[A-Z]/.test(acr) && (m.actor || m.via === 'candidate')) defined.set(acr, m);
    }
  }
  if (defined.size) {
    const taken = new Set(found.map((m) => m.tokenStart));
    const extra: Mention[] = [];
    for (const s of sentences) {
      for (let t = s.tokenStart; t < s.tokenEnd; t++) {
        if (taken.has(t)) continue;
        const w = text.slice(tokens.start[t]!, tokens.end[t]!);
        const def = defined.get(w);
        if (def) {
          extra.push(mention(s.index, tokens.start[t]!, tokens.end[t]!, w, def.actor, def.via, def.entity || undefined, t, t + 1));
        }
      }
    }
    return found.concat(extra);
  }
  return found;
}

/**
 * NER candidates (organisations, persons) where an unknown name can be, added to `found` (which is
 * extended in place); a candidate name replaces a state adjective inside it.
 */
function nerCandidates(ner: EntityTagger, text: string, sentences: readonly Sentence[], tokens: TokenTable, found: Mention[], isAdjective: (m: Mention) => boolean): Mention[] {
  const covered = new Int32Array(tokens.length).fill(-1);
  found.forEach((m, i) => covered.fill(i, m.tokenStart, m.tokenEnd));
  const drop = new Set<number>();
  for (const s of sentences) {
    // NOTE: the recogniser only runs where an unknown name can be: a capitalised word that no
    // mention covers (past the sentence's first word, or there when the next word is capitalised too).
    if (!hasUncoveredName(text, tokens, s.tokenStart, s.tokenEnd, covered)) continue;
    const spans = ner.tag(words(text, tokens.start, tokens.end, s.tokenStart, s.tokenEnd));
    for (const e of spans) {
      if (e.type !== 'ORG' && e.type !== 'PER') continue;
      let ts = s.tokenStart + e.start;
      let te = s.tokenStart + e.end;
      if (e.type === 'PER') {
        // "in Midan", "near Tal Madiq": a name after a preposition of place is a place
        if (ts > s.tokenStart && PLACE_BEFORE.test(text.slice(tokens.start[ts - 1]!, tokens.end[ts - 1]!))) continue;
        // "Ziad Khalaf al-Karbouly", "Osama bin Laden": a person's name runs on over Arabic name particles
        te = nameRunsTo(text, tokens, te, s.tokenEnd, covered);
      }
      // "The Coalition", "Army": a capitalised common noun is no name (co-reference reads it)
      while (ts < te && /^(the|a|an)$/i.test(text.slice(tokens.start[ts]!, tokens.end[ts]!))) ts++;
      if (te - ts === 1 && GENERIC_HEAD.test(text.slice(tokens.start[ts]!, tokens.end[ts]!).toLowerCase())) continue;
      if (ts >= te) continue;
      const inside = new Set<number>();
      for (let t = ts; t < te; t++) if (covered[t]! >= 0) inside.add(covered[t]!);
      if (inside.size) {
        // an organisation's name that starts with a state adjective: "Syrian Computer Society"
        if (e.type !== 'ORG') continue;
        const ms = [...inside].map((i) => found[i]!);
        if (ms.length !== 1 || !isAdjective(ms[0]!) || ms[0]!.tokenStart !== ts) continue;
        const rest: string[] = [];
        for (let t = ts; t < te; t++) if (covered[t]! < 0) rest.push(text.slice(tokens.start[t]!, tokens.end[t]!).toLowerCase());
        if (rest.length < 2 || rest.every((w) => FORCE_WORDS.test(w)) || !/^\p{Lu}/u.test(text.slice(tokens.start[te - 1]!, tokens.end[te - 1]!))) continue;
        for (const i of inside) drop.add(i);
      }
      const start = tokens.start[ts]!, end = tokens.end[te - 1]!;
      found.push(mention(s.index, start, end, text.slice(start, end), null, 'candidate', e.type, ts, te));
      covered.fill(found.length - 1, ts, te);
    }
  }
  return drop.size ? found.filter((_, i) => !drop.has(i)) : found;
}

/** Prepositions of place: a "person" right after one is a place the recogniser mistook. */
const PLACE_BEFORE = /^(in|at|near|into|towards|toward|outside|inside|around|across|throughout|Near|In|At)$/;

/** An Arabic name particle joined to a capitalised name ("al-Karbouly", "bin" is a word of its own). */
const PARTICLE_NAME = /^(al|el|ad|as|ash|at|az|ar|an|adh)[-\u2010\u2011]\p{Lu}/u;

/** One past the last token of a person's name that ends before `te`: over "al-X" and "bin/ibn X" (uncovered tokens only). */
export function nameRunsTo(text: string, tokens: TokenTable, te: number, end: number, covered: Int32Array): number {
  const w = (t: number): string => text.slice(tokens.start[t]!, tokens.end[t]!);
  const glued = (t: number): boolean => tokens.start[t]! - tokens.end[t - 1]! === 1 && text.charCodeAt(tokens.end[t - 1]!) === 32;
  for (;;) {
    if (te < end && covered[te]! < 0 && glued(te) && PARTICLE_NAME.test(w(te))) te++;
    else if (te + 1 < end && covered[te]! < 0 && covered[te + 1]! < 0 && glued(te) && /^(bin|ibn|bint)$/.test(w(te)) && /^\p{Lu}/u.test(w(te + 1))) te += 2;
    // a quoted nickname, then the surname: 'Richard "Tex" Coe', 'John “J.D.” Dorrian'
    else if (te + 3 < end && covered[te]! < 0 && covered[te + 1]! < 0 && covered[te + 3]! < 0 && /^["“]$/.test(w(te)) && /^\p{Lu}/u.test(w(te + 1)) &&
      /^["”]$/.test(w(te + 2)) && /^\p{Lu}\p{Ll}/u.test(w(te + 3))) te += 4;
    else return te;
  }
}

/**
 * Arabic kunya names no dictionary or recogniser took: "Abu Jandal al-Kuwaiti", "Abu Ayyub al-Masri"
 * ("Abu", a capitalised name, then a name with a particle: places such as "Abu Kamal" have no third part).
 */
function kunyaNames(text: string, sentences: readonly Sentence[], tokens: TokenTable, found: readonly Mention[]): Mention[] {
  if (text.indexOf('Abu ') < 0) return [];
  const covered = new Uint8Array(tokens.length);
  for (const m of found) covered.fill(1, m.tokenStart, m.tokenEnd);
  const w = (t: number): string => text.slice(tokens.start[t]!, tokens.end[t]!);
  const out: Mention[] = [];
  for (const s of sentences) {
    for (let t = s.tokenStart; t + 2 < s.tokenEnd; t++) {
      if (covered[t] || covered[t + 1] || covered[t + 2] || w(t) !== 'Abu') continue;
      if (!/^\p{Lu}\p{Ll}/u.test(w(t + 1)) || !PARTICLE_NAME.test(w(t + 2))) continue;
      const te = t + 3;
      const start = tokens.start[t]!, end = tokens.end[te - 1]!;
      out.push(mention(s.index, start, end, text.slice(start, end), null, 'candidate', 'PER', t, te));
      t = te - 1;
    }
  }
  return out;
}

/** True when a capitalised word of tokens [from, to) is not covered by a mention (covered[t] >= 0). */
function hasUncoveredName(text: string, tokens: TokenTable, from: number, to: number, covered: Int32Array): boolean {
  const upper = (t: number): boolean => {
    const c = text.charCodeAt(tokens.start[t]!);
    return (c >= 65 && c <= 90) || (c >= 0xc0 && c < 0x2000 && text[tokens.start[t]!] !== text[tokens.start[t]!]!.toLowerCase());
  };
  for (let t = from; t < to; t++) {
    if (covered[t]! >= 0 || !upper(t)) continue;
    if (t > from || (t + 1 < to && covered[t + 1]! < 0 && upper(t + 1))) return true;
  }
  return false;
}

/** Something that tags and parses one sentence. */
export interface SentenceAnalyser {
  analyse(words: readonly string[]): SentenceSyntax;
}

/**
 * Words that can stand for an actor without naming it (pronouns, generic group nouns): a sentence with
 * one named actor and one of these may still hold a relation, through co-reference.
 */
const STAND_IN = new Set([
  'they', 'them', 'their', 'theirs', 'it', 'its', 'he', 'him', 'his', 'she', 'her', 'we', 'us', 'our', 'both', 'each',
  'other', 'another', 'group', 'groups', 'regime', 'government', 'militants', 'militias', 'militia', 'rebels',
  'insurgents', 'fighters', 'forces', 'troops', 'army', 'coalition', 'alliance', 'enemy', 'enemies', 'side', 'sides',
  'faction', 'factions', 'organisation', 'organization', 'movement', 'country', 'countries', 'allies', 'partners',
  'jihadists', 'extremists', 'terrorists', 'soldiers', 'authorities', 'officials', 'administration',
]);

/**
 * syntax: tags and parses the sentences that can hold a relation: two actor mentions, or one and a
 * word that may stand for another (a pronoun, "the group"). The others stay undefined.
 * NOTE: parsing only where it can pay is what keeps the pipeline fast (most news sentences name
 * at most one actor); every sentence is still segmented, matched and counted.
 */
export function syntaxStage(model: SentenceAnalyser | undefined): Stage {
  return {
    name: 'syntax',
    needs: ['sentences', 'tokens', 'mentions'],
    adds: ['syntax'],
    run(doc) {
      const sentences = doc.sentences!, tokens = doc.tokens!, text = doc.article.text;
      const out = new Array<SentenceSyntax | undefined>(sentences.length);
      if (model) {
        const count = new Uint16Array(sentences.length);
        for (const m of doc.mentions!) if (count[m.sentence]! < 60000) count[m.sentence]!++;
        for (const s of sentences) {
          const n = count[s.index]!;
          if (n === 0 || s.tokenEnd - s.tokenStart > 250) continue;
          if (n === 1) {
            let standIn = false;
            for (let t = s.tokenStart; t < s.tokenEnd && !standIn; t++) {
              const len = tokens.end[t]! - tokens.start[t]!;
              if (len >= 2 && len <= 14) standIn = STAND_IN.has(text.slice(tokens.start[t]!, tokens.end[t]!).toLowerCase());
            }
            if (!standIn) continue;
          }
          out[s.index] = model.analyse(words(text, tokens.start, tokens.end, s.tokenStart, s.tokenEnd));
        }
      }
      doc.syntax = out;
    },
  };
}

/** time: time expressions of every sentence that holds a mention, resolved against the article date. */
export function timeStage(): Stage {
  return {
    name: 'time',
    needs: ['sentences', 'mentions'],
    adds: ['times'],
    run(doc) {
      const { text, date } = doc.article;
      const has = new Uint8Array(doc.sentences!.length);
      for (const m of doc.mentions!) has[m.sentence] = 1;
      doc.times = doc.sentences!.map((s) => (has[s.index] ? findTimes(text.slice(s.start, s.end), s.start, date) : []));
    },
  };
}
