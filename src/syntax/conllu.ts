/**
 * CoNLL-U reading and writing (10 columns). Multi-word token ranges (`1-2`) and empty nodes
 * (`8.1`) are kept aside: the syntactic words are the integer-ID lines.
 */

export interface ConlluSentence {
  /** Comment lines without the leading `# ` (e.g. `text = ...`, `sent_id = ...`). */
  comments: string[];
  form: string[];
  lemma: string[];
  upos: string[];
  xpos: string[];
  feats: string[];
  /** Head per word, 0-based within the sentence, -1 for the root. */
  head: Int32Array;
  deprel: string[];
  deps: string[];
  misc: string[];
  /** Multi-word token lines (`1-2\tdon't\t_...`) keyed by the first word index (0-based). */
  ranges: { first: number; last: number; line: string }[];
}

/** Value of a `# key = value` comment, or undefined. */
export function conlluComment(s: ConlluSentence, key: string): string | undefined {
  const prefix = key + ' =';
  for (const c of s.comments) {
    if (c.startsWith(prefix)) return c.slice(prefix.length).trim();
  }
  return undefined;
}

/** Parses CoNLL-U text into sentences. Tolerates CRLF, missing trailing blank line and short lines. */
export function parseConllu(text: string): ConlluSentence[] {
  const out: ConlluSentence[] = [];
  const lines = text.split(/\r?\n/);
  let comments: string[] = [];
  let rows: string[][] = [];
  let ranges: { first: number; last: number; line: string }[] = [];
  const flush = (): void => {
    if (rows.length === 0) {
      comments = [];
      ranges = [];
      return;
    }
    const n = rows.length;
    const head = new Int32Array(n);
    const col = (r: string[], i: number): string => r[i] ?? '_';
    for (let i = 0; i < n; i++) {
      const h = Number.parseInt(col(rows[i], 6), 10);
      head[i] = Number.isFinite(h) ? h - 1 : -1;
    }
    out.push({
      comments,
      form: rows.map((r) => col(r, 1)),
      lemma: rows.map((r) => col(r, 2)),
      upos: rows.map((r) => col(r, 3)),
      xpos: rows.map((r) => col(r, 4)),
      feats: rows.map((r) => col(r, 5)),
      head,
      deprel: rows.map((r) => col(r, 7)),
      deps: rows.map((r) => col(r, 8)),
      misc: rows.map((r) => col(r, 9)),
      ranges,
    });
    comments = [];
    rows = [];
    ranges = [];
  };
  for (const line of lines) {
    if (line.length === 0 || /^\s*$/.test(line)) {
      flush();
      continue;
    }
    if (line.charCodeAt(0) === 35 /* # */) {
      if (rows.length > 0) flush();
      comments.push(line.replace(/^#\s?/, ''));
      continue;
    }
    const cols = line.split('\t');
    const id = cols[0] ?? '';
    if (id.includes('.')) continue; // empty node
    const dash = id.indexOf('-');
    if (dash > 0) {
      const first = Number.parseInt(id.slice(0, dash), 10) - 1;
      const last = Number.parseInt(id.slice(dash + 1), 10) - 1;
      ranges.push({ first, last, line });
      continue;
    }
    rows.push(cols);
  }
  flush();
  return out;
}

/** Writes sentences as CoNLL-U (comments, multi-word ranges and all 10 columns). */
export function writeConllu(sentences: readonly ConlluSentence[]): string {
  const parts: string[] = [];
  for (const s of sentences) {
    for (const c of s.comments) parts.push('# ' + c);
    let r = 0;
    const ranges = [...s.ranges].sort((a, b) => a.first - b.first);
    for (let i = 0; i < s.form.length; i++) {
      while (r < ranges.length && ranges[r].first === i) parts.push(ranges[r++].line);
      parts.push(
        [
          String(i + 1),
          clean(s.form[i]),
          clean(s.lemma[i]),
          clean(s.upos[i]),
          clean(s.xpos[i]),
          clean(s.feats[i]),
          String(s.head[i] + 1),
          clean(s.deprel[i]),
          clean(s.deps[i]),
          clean(s.misc[i]),
        ].join('\t'),
      );
    }
    parts.push('');
  }
  return parts.length === 0 ? '' : parts.join('\n') + '\n';
}

function clean(v: string | undefined): string {
  if (v === undefined || v.length === 0) return '_';
  // A field may not contain tabs or newlines; spaces are allowed in FORM/LEMMA by UD v2.
  return /[\t\r\n]/.test(v) ? v.replace(/[\t\r\n]+/g, ' ') : v;
}

/** A blank sentence (all columns `_`) for the given words. */
export function blankSentence(words: readonly string[], comments: string[] = []): ConlluSentence {
  const n = words.length;
  const u = (): string[] => new Array<string>(n).fill('_');
  return {
    comments,
    form: [...words],
    lemma: u(),
    upos: u(),
    xpos: u(),
    feats: u(),
    head: new Int32Array(n).fill(-1),
    deprel: u(),
    deps: u(),
    misc: u(),
    ranges: [],
  };
}
