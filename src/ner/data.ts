/**
 * Readers for the NER training and evaluation corpora (used by scripts/train-ner.ts and
 * scripts/eval-ner.ts, not by the runtime tagger).
 *
 * - UNER IOB2 (`word<TAB>tag<TAB>...`): tags outside PER/ORG/LOC (OTH, "O" written as B-O) map to O.
 * - GUM CoNLL-U with entity brackets in MISC `Entity=`: only *named* person/organization/place
 *   mentions become spans (see `gumSentenceSpans`).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface LabelledSentence {
  readonly words: string[];
  /** BIO tag per word, e.g. `B-ORG`, `I-ORG`, `O`. */
  readonly tags: string[];
  readonly source: string;
  /** Document id (UNER: `# sent_id` without its sentence number; GUM: the document name). */
  readonly doc?: string;
}

const KEEP = new Set(['PER', 'ORG', 'LOC']);

/** Reads a UNER `.iob2` file. */
export function readIob2(path: string): LabelledSentence[] {
  const out: LabelledSentence[] = [];
  let words: string[] = [];
  let tags: string[] = [];
  let doc = '';
  const flush = (): void => {
    if (words.length > 0) out.push({ words, tags: repairBio(tags), source: path, doc });
    words = [];
    tags = [];
  };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.startsWith('#')) {
      const m = /^#\s*sent_id\s*=\s*(\S+?)(?:-\d+)?\s*$/.exec(line);
      if (m) doc = m[1];
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    const cols = line.split('\t');
    if (cols.length < 3) continue;
    const word = cols[1];
    let tag = cols[2].trim();
    const dash = tag.indexOf('-');
    if (dash > 0) {
      const type = tag.slice(dash + 1);
      if (!KEEP.has(type)) tag = 'O';
    } else tag = 'O';
    words.push(word);
    tags.push(tag);
  }
  flush();
  return out;
}

/** Makes a BIO sequence valid: an I- tag that does not continue its type becomes B-. */
export function repairBio(tags: string[]): string[] {
  const out = tags.slice();
  for (let i = 0; i < out.length; i++) {
    const t = out[i];
    if (t.startsWith('I-')) {
      const prev = i > 0 ? out[i - 1] : 'O';
      if (prev === 'O' || prev.slice(2) !== t.slice(2)) out[i] = 'B-' + t.slice(2);
    }
  }
  return out;
}

/** Reads `splits.md` of GUM: document id → split name. */
export function readGumSplits(gumDir: string): Map<string, string> {
  const splits = new Map<string, string>();
  let current = '';
  for (const line of readFileSync(join(gumDir, 'splits.md'), 'utf8').split('\n')) {
    const h = /^##\s+(\S+)/.exec(line);
    if (h) {
      current = h[1];
      continue;
    }
    const item = /^\s*\*\s+(\S+)/.exec(line);
    if (item && current) splits.set(item[1], current);
  }
  return splits;
}

interface GumToken {
  form: string;
  upos: string;
  xpos: string;
  head: number;
  misc: string;
}

interface OpenMention {
  id: string;
  etype: string;
  start: number;
  minspan: number[];
}

interface Mention {
  etype: string;
  start: number;
  end: number;
  minspan: number[];
}

const TYPE_MAP: Record<string, string> = { person: 'PER', organization: 'ORG', place: 'LOC' };
/** Words that may join the capitalised parts of one name ("Bank of America", "Jabhat al-Nusra"). */
const CONNECTORS = new Set(['of', 'the', 'and', '&', '-', 'de', 'del', 'da', 'du', 'des', 'di', 'al', 'el', 'bin', 'ibn', 'von', 'van', 'der', 'den', 'la', 'le', "'s", 'for', 'on', 'y']);

const TITLES = new Set(['president', 'ambassador', 'mr', 'mr.', 'mrs', 'mrs.', 'ms', 'ms.', 'dr', 'dr.', 'king', 'queen', 'prince', 'princess', 'general', 'gen.', 'secretary', 'minister', 'prime', 'senator', 'sen.', 'governor', 'gov.', 'mayor', 'sir', 'lord', 'lady', 'saint', 'st.', 'pope', 'emperor', 'captain', 'capt.', 'colonel', 'col.', 'lieutenant', 'lt.', 'sergeant', 'sgt.', 'professor', 'prof.', 'judge', 'justice', 'chief', 'rep.', 'representative', 'chairman', 'director', 'vice', 'deputy', 'foreign', 'defense', 'defence', 'sheikh', 'shaikh', 'imam', 'rev.', 'reverend', 'father', 'brother', 'sister', 'uncle', 'aunt', 'officer', 'detective', 'agent', 'coach', 'admiral', 'commander', 'major', 'first', 'former', 'late']);

function isCapitalised(s: string): boolean {
  const c = s.charAt(0);
  return c !== c.toLowerCase() && c === c.toUpperCase();
}

function namey(t: GumToken): boolean {
  if (t.upos === 'PROPN') return true;
  if (t.upos === 'NUM') return false;
  return isCapitalised(t.form) && t.upos !== 'PRON' && t.upos !== 'DET' && t.upos !== 'PUNCT';
}

/** Parses one `Entity=` MISC value, opening and closing mentions. */
function parseEntity(value: string, index: number, open: OpenMention[], done: Mention[]): void {
  let p = 0;
  while (p < value.length) {
    const ch = value[p];
    if (ch === '(') {
      let q = p + 1;
      while (q < value.length && value[q] !== '(' && value[q] !== ')') q++;
      const desc = value.slice(p + 1, q);
      const parts = desc.split('-');
      const id = parts[0];
      const etype = parts[1] ?? '';
      const minspan = (parts[5] ?? '')
        .split(',')
        .map((x) => Number.parseInt(x, 10))
        .filter((x) => Number.isFinite(x));
      if (value[q] === ')') {
        done.push({ etype, start: index, end: index + 1, minspan });
        q++;
      } else open.push({ id, etype, start: index, minspan });
      p = q;
    } else {
      // closing "ID)"
      let q = p;
      while (q < value.length && value[q] !== ')' && value[q] !== '(') q++;
      const id = value.slice(p, q);
      for (let k = open.length - 1; k >= 0; k--) {
        if (open[k].id === id) {
          const m = open[k];
          open.splice(k, 1);
          done.push({ etype: m.etype, start: m.start, end: index + 1, minspan: m.minspan });
          break;
        }
      }
      p = value[q] === ')' ? q + 1 : q;
    }
  }
}

/**
 * Named spans of one GUM sentence. A mention is named when its syntactic head (the token whose
 * head lies outside the mention) is a proper noun; its span is then trimmed to the run of
 * capitalised / proper-noun tokens around the head (joined by connectors such as "of", "al", "-"),
 * dropping determiners and common-noun modifiers ("the former Prime Minister Tony Blair" keeps
 * "Prime Minister Tony Blair" only where capitalised; UNER-style). Overlaps: longest span wins.
 */
function gumSentenceSpans(toks: GumToken[], mentions: Mention[]): { start: number; end: number; type: string }[] {
  const cands: { start: number; end: number; type: string }[] = [];
  for (const m of mentions) {
    // syntactic head
    let head = -1;
    for (let i = m.start; i < m.end; i++) {
      const h = toks[i].head - 1;
      if (h < m.start || h >= m.end) {
        head = i;
        break;
      }
    }
    if (head < 0) continue;
    if (toks[head].upos !== 'PROPN') continue;
    let s = head;
    let e = head + 1;
    // extend left
    let k = head - 1;
    while (k >= m.start) {
      if (namey(toks[k])) {
        s = k;
        k--;
      } else if (CONNECTORS.has(toks[k].form.toLowerCase()) && k - 1 >= m.start) {
        // connector must be preceded by more name within the mention
        let j = k - 1;
        while (j >= m.start && CONNECTORS.has(toks[j].form.toLowerCase())) j--;
        if (j >= m.start && namey(toks[j])) {
          s = j;
          k = j - 1;
        } else break;
      } else break;
    }
    k = e;
    while (k < m.end) {
      if (namey(toks[k]) || (toks[k].upos === 'NUM' && k === e)) {
        e = k + 1;
        k++;
      } else if (CONNECTORS.has(toks[k].form.toLowerCase())) {
        let j = k + 1;
        while (j < m.end && CONNECTORS.has(toks[j].form.toLowerCase())) j++;
        if (j < m.end && namey(toks[j])) {
          e = j + 1;
          k = j + 1;
        } else break;
      } else break;
    }
    const type = TYPE_MAP[m.etype] ?? 'O';
    if (type === 'PER') {
      // "U.S. President Donald Trump" → "Donald Trump": drop titles, adjectives, nested names
      while (s < head) {
        const t = toks[s];
        const inner = mentions.filter((o) => o !== m && o.start <= s && o.end > s && o.end <= head);
        if (t.upos !== 'PROPN' || TITLES.has(t.form.toLowerCase()) || inner.length > 0) {
          const skipTo = inner.length > 0 ? Math.max(...inner.map((o) => o.end)) : s + 1;
          s = skipTo;
          while (s < head && CONNECTORS.has(toks[s].form.toLowerCase())) s++;
        } else break;
      }
      if (TITLES.has(toks[head].form.toLowerCase()) && e - s === 1) continue; // "the President"
      if (toks[head].xpos === 'NNPS') continue; // "Muslims", "Afghans": groups, not persons
    }
    cands.push({ start: s, end: e, type });
  }
  cands.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken = new Uint8Array(toks.length);
  const spans: { start: number; end: number; type: string }[] = [];
  for (const c of cands) {
    let free = true;
    for (let i = c.start; i < c.end; i++) if (taken[i]) free = false;
    if (!free) continue;
    for (let i = c.start; i < c.end; i++) taken[i] = 1;
    spans.push(c);
  }
  return spans;
}

/** Reads GUM documents of the given splits (e.g. `['train', 'dev']`) as BIO sentences. */
export function readGum(gumDir: string, splitsWanted: readonly string[]): LabelledSentence[] {
  const splits = readGumSplits(gumDir);
  const depDir = join(gumDir, 'dep');
  const out: LabelledSentence[] = [];
  for (const file of readdirSync(depDir).sort()) {
    if (!file.endsWith('.conllu')) continue;
    const doc = file.replace(/\.conllu$/, '');
    const split = splits.get(doc) ?? 'train';
    if (!splitsWanted.includes(split)) continue;
    let toks: GumToken[] = [];
    const flush = (): void => {
      if (toks.length === 0) return;
      if (toks.some((t) => t.form === '_')) {
        toks = [];
        return; // withheld text (reddit)
      }
      const open: OpenMention[] = [];
      const done: Mention[] = [];
      for (let i = 0; i < toks.length; i++) {
        const m = /(?:^|\|)Entity=([^|]*)/.exec(toks[i].misc);
        if (m) parseEntity(m[1], i, open, done);
      }
      const spans = gumSentenceSpans(toks, done);
      const tags = toks.map(() => 'O');
      for (const sp of spans) {
        if (sp.type === 'O') continue;
        tags[sp.start] = 'B-' + sp.type;
        for (let i = sp.start + 1; i < sp.end; i++) tags[i] = 'I-' + sp.type;
      }
      out.push({ words: toks.map((t) => t.form), tags, source: doc, doc });
      toks = [];
    };
    for (const line of readFileSync(join(depDir, file), 'utf8').split('\n')) {
      if (line.startsWith('#')) continue;
      if (line.trim() === '') {
        flush();
        continue;
      }
      const cols = line.split('\t');
      if (cols.length < 10 || !/^\d+$/.test(cols[0])) continue;
      toks.push({ form: cols[1], upos: cols[3], xpos: cols[4], head: Number.parseInt(cols[6], 10), misc: cols[9] });
    }
    flush();
  }
  return out;
}
