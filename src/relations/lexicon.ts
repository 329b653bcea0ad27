/**
 * The relation lexicon: predicates are data. `data/lexicon/*.yaml` (built in) plus user files
 * layered on top hold relation triggers (verbs, nouns, adjectives, hyphen compounds, prefixes)
 * and cues (negators, modality, reporting verbs, light verbs, example markers...). Every entry is
 * checked with valibot; a bad entry is an `E_BAD_DICTIONARY` error naming the file and the entry.
 * Format: data/lexicon/README.md.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as v from 'valibot';
import { parse as parseYaml } from 'yaml';
import { ERROR_CODES, FaultlineError } from '../errors.js';
import { RELATION_TYPES, type RelationType } from '../types.js';
import { projectPath } from '../paths.js';

export const TRIGGER_POS = ['verb', 'noun', 'adjective', 'compound', 'prefix'] as const;
export type TriggerPos = (typeof TRIGGER_POS)[number];
export const CUES = ['negator', 'negate', 'irrealis', 'cease', 'report', 'light', 'copula', 'example', 'reciprocal', 'generic', 'member', 'assist'] as const;
export type Cue = (typeof CUES)[number];

/** A relation trigger. */
export interface TriggerEntry {
  readonly kind: 'trigger';
  readonly phrase: string;
  /** Lower-cased words of the phrase; `*` = one optional word of any kind. */
  readonly words: readonly string[];
  readonly pos: TriggerPos;
  readonly type: RelationType;
  /** Syntactic subject is the target and the object the source. */
  readonly reverse: boolean;
  /** Takes a direct object as the other end (verbs). */
  readonly object: boolean;
  /** Prepositions (each possibly several words) introducing the other end. */
  readonly preps: readonly (readonly string[])[];
  /** "A and B clashed", "A clashed with B": symmetric, coordinated subjects pair up. */
  readonly mutual: boolean;
  /** "the truce between A and B". */
  readonly between: boolean;
  /** Nouns: `event` (possessor/modifier/subject is the source) or `predicate` (said of someone). */
  readonly role: 'event' | 'predicate';
  /** Verbs that need "OBJ as COMPLEMENT" ("views X as terrorists"). */
  readonly complement: readonly string[];
  /** Prior confidence of a reading through this entry (before calibration factors). */
  readonly confidence: number | undefined;
  readonly file: string;
  readonly index: number;
}

export interface CueEntry {
  readonly kind: 'cue';
  readonly phrase: string;
  readonly words: readonly string[];
  readonly cue: Cue;
  readonly reverse: boolean;
  readonly file: string;
  readonly index: number;
}

export type LexiconEntry = TriggerEntry | CueEntry;

export interface Lexicon {
  readonly entries: readonly LexiconEntry[];
  /** Triggers by the surface form of their first word (inflected forms included). */
  readonly triggersByForm: ReadonlyMap<string, readonly TriggerEntry[]>;
  /** Cues by the surface form of their first word. */
  readonly cuesByForm: ReadonlyMap<string, readonly CueEntry[]>;
  /** Compound suffixes ("backed") and prefixes ("anti"), lower case. */
  readonly compounds: ReadonlyMap<string, readonly TriggerEntry[]>;
  readonly prefixes: ReadonlyMap<string, readonly TriggerEntry[]>;
  /** Lemma of a known form (verbs and nouns of the lexicon), for the surface reader. */
  readonly lemmaOf: ReadonlyMap<string, string>;
  /** Generic head nouns (singular and plural) that, written after an actor, stand for it ("Iraqi forces"). */
  readonly generics: ReadonlySet<string>;
  /** People nouns ("members", "fighters", "Airmen") that, heading a mention before of/from + an organisation, make it a member. */
  readonly memberNouns: ReadonlySet<string>;
}

// ---------------------------------------------------------------------------------------------
// Schema

const Phrase = v.pipe(
  v.string('phrase must be a string'),
  v.check((s) => s.trim().length > 0 && /[\p{L}\p{N}]/u.test(s), 'phrase must have letters'),
);
const Prep = v.pipe(v.string('a preposition must be a string'), v.check((s) => s.trim().length > 0, 'empty preposition'));

const TriggerSchema = v.strictObject({
  phrase: Phrase,
  pos: v.optional(v.picklist(TRIGGER_POS, `pos must be one of ${TRIGGER_POS.join(', ')}`)),
  type: v.picklist(RELATION_TYPES, `type must be one of ${RELATION_TYPES.join(', ')}`),
  reverse: v.optional(v.boolean('reverse must be true or false')),
  object: v.optional(v.boolean('object must be true or false')),
  preps: v.optional(v.array(Prep, 'preps must be a list')),
  mutual: v.optional(v.boolean('mutual must be true or false')),
  between: v.optional(v.boolean('between must be true or false')),
  role: v.optional(v.picklist(['event', 'predicate'], 'role must be event or predicate')),
  complement: v.optional(v.array(Prep, 'complement must be a list')),
  confidence: v.optional(v.pipe(v.number('confidence must be a number'), v.minValue(0), v.maxValue(1))),
  note: v.optional(v.string()),
});

const CueSchema = v.strictObject({
  phrase: Phrase,
  cue: v.picklist(CUES, `cue must be one of ${CUES.join(', ')}`),
  reverse: v.optional(v.boolean('reverse must be true or false')),
  note: v.optional(v.string()),
});

function posFromFile(file: string): TriggerPos | undefined {
  const b = basename(file).toLowerCase();
  if (b.startsWith('verb')) return 'verb';
  if (b.startsWith('noun')) return 'noun';
  if (b.startsWith('adj')) return 'adjective';
  return undefined;
}

const words = (s: string): string[] =>
  s
    .trim()
    .toLowerCase()
    .replace(/[’]/g, "'")
    .split(/\s+/)
    .filter(Boolean);

function bad(file: string, index: number, raw: unknown, why: string): FaultlineError {
  const phrase = raw && typeof raw === 'object' && 'phrase' in raw ? ` ("${String((raw as { phrase: unknown }).phrase)}")` : '';
  return new FaultlineError(ERROR_CODES.BAD_DICTIONARY, `${file}: lexicon entry ${index + 1}${phrase}: ${why}`);
}

/** Validates one raw entry. */
export function validateEntry(raw: unknown, file: string, index: number): LexiconEntry {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw bad(file, index, raw, 'must be a mapping {phrase, type | cue, ...}');
  if ('cue' in raw) {
    const r = v.safeParse(CueSchema, raw);
    if (!r.success) throw bad(file, index, raw, issueText(r.issues));
    return { kind: 'cue', phrase: r.output.phrase, words: words(r.output.phrase), cue: r.output.cue, reverse: r.output.reverse ?? false, file, index };
  }
  const r = v.safeParse(TriggerSchema, raw);
  if (!r.success) throw bad(file, index, raw, issueText(r.issues));
  const o = r.output;
  const pos = o.pos ?? posFromFile(file);
  if (!pos) throw bad(file, index, raw, `pos is missing (one of ${TRIGGER_POS.join(', ')}); only verbs*, nouns*, adj* files have a default`);
  const w = words(o.phrase);
  if (w[0] === '*') throw bad(file, index, raw, 'a phrase cannot start with *');
  return {
    kind: 'trigger',
    phrase: o.phrase,
    words: pos === 'compound' || pos === 'prefix' ? [w.join(' ').replace(/^-+|-+$/g, '')] : w,
    pos,
    type: o.type,
    reverse: o.reverse ?? false,
    object: o.object ?? (pos === 'verb' && o.complement === undefined ? true : pos === 'verb'),
    preps: (o.preps ?? []).map(words),
    mutual: o.mutual ?? false,
    between: o.between ?? false,
    role: o.role ?? 'event',
    complement: (o.complement ?? []).map((s) => s.toLowerCase()),
    confidence: o.confidence,
    file,
    index,
  };
}

function issueText(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .map((i) => {
      const path = i.path?.map((p) => String(p.key)).join('.');
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');
}

/** Parses one lexicon file's text (a YAML list of entries). */
export function parseLexiconText(text: string, file: string): LexiconEntry[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new FaultlineError(ERROR_CODES.BAD_DICTIONARY, `${file}: not valid YAML (${(e as Error).message})`, { cause: e });
  }
  if (doc === null || doc === undefined) return [];
  if (!Array.isArray(doc)) throw new FaultlineError(ERROR_CODES.BAD_DICTIONARY, `${file}: a lexicon file must be a YAML list of entries`);
  return doc.map((raw, i) => validateEntry(raw, file, i));
}

// ---------------------------------------------------------------------------------------------
// Inflection (the surface reader matches word forms; the parser's lemmas are used when present)

const IRREGULAR: Record<string, string[]> = {
  fight: ['fought'], strike: ['struck', 'stricken'], lead: ['led'], hold: ['held'], meet: ['met'], send: ['sent'],
  break: ['broke', 'broken'], cut: ['cut'], split: ['split'], take: ['took', 'taken'], make: ['made'], give: ['gave', 'given'],
  see: ['saw', 'seen'], say: ['said'], tell: ['told'], seek: ['sought'], overthrow: ['overthrew', 'overthrown'], rise: ['rose', 'risen'],
  grow: ['grew', 'grown'], shoot: ['shot'], drive: ['drove', 'driven'], write: ['wrote', 'written'], get: ['got', 'gotten'],
  have: ['has', 'had'], be: ['is', 'are', 'was', 'were', 'been', 'being', 'am', "'s", "'re"], go: ['went', 'gone', 'goes'],
  swear: ['swore', 'sworn'], beat: ['beaten'], bring: ['brought'], begin: ['began', 'begun'], win: ['won'], stand: ['stood'],
  become: ['became'], overrun: ['overran'], put: ['put'], set: ['set'], shell: ['shelled', 'shelling', 'shells'], quit: ['quit'],
  fly: ['flew', 'flown', 'flies'], wage: ['waged', 'waging'], rebel: ['rebelled', 'rebelling'], bury: ['buried'],
  forge: ['forged'], stage: ['staged'], sell: ['sold'], buy: ['bought'], keep: ['kept'], feel: ['felt'], leave: ['left'],
  deal: ['dealt'], lay: ['laid'], hit: ['hit'], rid: ['rid'], draw: ['drew', 'drawn'], throw: ['threw', 'thrown'], fall: ['fell', 'fallen'],
  lend: ['lent'], bear: ['bore', 'borne'], come: ['came'], run: ['ran'], pay: ['paid'], catch: ['caught'], teach: ['taught'],
  sweep: ['swept'], speak: ['spoke', 'spoken'], know: ['knew', 'known'], think: ['thought'], find: ['found'], build: ['built'],
  forbid: ['forbade', 'forbidden'], shake: ['shook', 'shaken'],
};
/** Prefixes that keep the irregular forms of the verb they make (retake → retook, withhold → withheld). */
const IRREGULAR_PREFIX = /^(re|over|under|with|up|out|mis|counter|fore)$/;

const VOWEL = /[aeiou]/;
/** Inflected forms of a verb lemma (over-generation is harmless). */
export function verbForms(lemma: string): string[] {
  const out = new Set<string>([lemma]);
  const l = lemma;
  if (/(s|sh|ch|x|z|o)$/.test(l)) out.add(l + 'es');
  else if (/[^aeiou]y$/.test(l)) out.add(l.slice(0, -1) + 'ies');
  else out.add(l + 's');
  let stem = l;
  if (/e$/.test(l)) stem = l.slice(0, -1);
  else if (/[^aeiou]y$/.test(l)) {
    out.add(l.slice(0, -1) + 'ied');
    out.add(l + 'ing');
    stem = '';
  } else if (/^[^aeiou]*[aeiou][^aeiouwxy]$/.test(l) && l.length <= 5 && VOWEL.test(l)) {
    // short CVC: stop → stopped, stopping
    out.add(l + l.at(-1) + 'ed');
    out.add(l + l.at(-1) + 'ing');
  }
  if (stem) {
    out.add(stem + 'ed');
    out.add(stem + 'ing');
  }
  // a final stressed syllable doubles its consonant: expel → expelled, repel, patrol, control
  if (/[^aeiou][aeiou][bdglmnprt]$/.test(l) && l.length > 4) {
    out.add(l + l.at(-1) + 'ed');
    out.add(l + l.at(-1) + 'ing');
  }
  for (const f of IRREGULAR[l] ?? []) out.add(f);
  for (let k = 2; k <= 7 && k < l.length - 1; k++) {
    const base = l.slice(k);
    if (IRREGULAR_PREFIX.test(l.slice(0, k)) && IRREGULAR[base]) for (const f of IRREGULAR[base]) out.add(l.slice(0, k) + f);
  }
  return [...out];
}

/** Singular and plural of a noun. */
export function nounForms(n: string): string[] {
  const out = new Set<string>([n]);
  if (/(s|sh|ch|x|z)$/.test(n)) out.add(n + 'es');
  else if (/[^aeiou]y$/.test(n)) out.add(n.slice(0, -1) + 'ies');
  else if (/fe$/.test(n)) out.add(n.slice(0, -2) + 'ves');
  else out.add(n + 's');
  return [...out];
}

/** Forms of a phrase word that can stand in text for a lexicon word. */
export function formsOf(word: string, pos: TriggerPos | 'cue'): string[] {
  if (pos === 'verb') return verbForms(word);
  if (pos === 'noun') return nounForms(word);
  if (pos === 'cue') return [...new Set([...verbForms(word), ...nounForms(word)])];
  return [word];
}

// ---------------------------------------------------------------------------------------------
// Building and loading

/** Indexes entries (later entries with the same phrase, pos and type replace earlier ones). */
export function buildLexicon(entries: readonly LexiconEntry[]): Lexicon {
  const keyOf = (e: LexiconEntry): string => (e.kind === 'cue' ? `cue|${e.cue}|${e.words.join(' ')}` : `t|${e.pos}|${e.type}|${e.words.join(' ')}`);
  const byKey = new Map<string, LexiconEntry>();
  for (const e of entries) byKey.set(keyOf(e), e);
  const kept = [...byKey.values()];
  const triggersByForm = new Map<string, TriggerEntry[]>();
  const cuesByForm = new Map<string, CueEntry[]>();
  const compounds = new Map<string, TriggerEntry[]>();
  const prefixes = new Map<string, TriggerEntry[]>();
  const lemmaOf = new Map<string, string>();
  const generics = new Set<string>();
  const memberNouns = new Set<string>();
  const push = <T>(m: Map<string, T[]>, k: string, x: T): void => {
    const a = m.get(k);
    if (a) a.push(x);
    else m.set(k, [x]);
  };
  for (const e of kept) {
    if (e.kind === 'cue') {
      if (e.cue === 'generic' && e.words.length === 1) for (const f of nounForms(e.words[0]!)) generics.add(f);
      if (e.cue === 'member' && e.words.length === 1) for (const f of nounForms(e.words[0]!)) memberNouns.add(f);
      for (const f of e.words.length > 1 && !/^[a-z]+$/.test(e.words[0]!) ? [e.words[0]!] : formsOf(e.words[0]!, 'cue')) {
        push(cuesByForm, f, e);
      }
      continue;
    }
    if (e.pos === 'compound') push(compounds, e.words[0]!, e);
    else if (e.pos === 'prefix') push(prefixes, e.words[0]!, e);
    else {
      const first = e.words[0]!;
      // a noun phrase's head may be its last word ("air strike", "peace deal"), inflected there
      for (const f of formsOf(first, e.pos === 'verb' ? 'verb' : e.pos === 'noun' && e.words.length === 1 ? 'noun' : 'adjective')) {
        push(triggersByForm, f, e);
        lemmaOf.set(f, first);
      }
    }
  }
  return { entries: kept, triggersByForm, cuesByForm, compounds, prefixes, lemmaOf, generics, memberNouns };
}

/** The project's `data/lexicon/` folder. */
export function defaultLexiconDir(): string {
  return projectPath('data', 'lexicon');
}

function readFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new FaultlineError(ERROR_CODES.FILE_UNREADABLE, `cannot read lexicon file ${file}: ${(e as Error).message}`, { cause: e });
  }
}

export interface LoadLexiconOptions {
  /** Folder of built-in lexicon files; default: the project's `data/lexicon/`. */
  readonly dir?: string;
  /** User lexicon files layered on top (same phrase, pos and type: the user's entry wins). */
  readonly extraFiles?: readonly string[];
}

const cache = new Map<string, Lexicon>();

/** Loads the built-in lexicon plus user files (cached per set of files). */
export function loadLexicon(options: LoadLexiconOptions = {}): Lexicon {
  const dir = options.dir ?? defaultLexiconDir();
  const extra = options.extraFiles ?? [];
  const key = [dir, ...extra].join('\u0000');
  const hit = cache.get(key);
  if (hit) return hit;
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /\.ya?ml$/i.test(f))
        .sort()
        .map((f) => join(dir, f))
    : [];
  const entries: LexiconEntry[] = [];
  for (const f of [...files, ...extra]) entries.push(...parseLexiconText(readFile(f), f));
  const lex = buildLexicon(entries);
  cache.set(key, lex);
  return lex;
}
