/**
 * Rule-based English tokenizer and sentence splitter (UD/PTB-ish): splits clitics ("n't",
 * "'s", "'re", ...), punctuation, quotes and dashes; keeps abbreviations ("U.S.", "Mr."),
 * numbers ("1,000", "3.5", "10:30"), hyphenated words ("al-Nusra"), URLs and e-mails.
 * One pass over char codes with a precomputed class table; never throws.
 */
import type { Sentence, TokenTable } from '../types.js';

const SPACE = 0;
const LETTER = 1;
const DIGIT = 2;
const PUNCT = 3;
const MARK = 4;
const SURROGATE = 5;

const CLS = buildClassTable();

function buildClassTable(): Uint8Array {
  const t = new Uint8Array(65536).fill(PUNCT);
  const letter = /\p{L}/u;
  const number = /\p{N}/u;
  const mark = /\p{M}/u;
  const space = /[\s\p{Z}\u200b\u200c\u200d\u2060\ufeff]/u;
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) {
      t[c] = SURROGATE;
      continue;
    }
    const ch = String.fromCharCode(c);
    if (c < 32 || c === 127 || space.test(ch)) t[c] = SPACE;
    else if (c >= 48 && c <= 57) t[c] = DIGIT;
    else if (letter.test(ch)) t[c] = LETTER;
    else if (number.test(ch)) t[c] = DIGIT;
    else if (mark.test(ch)) t[c] = MARK;
  }
  return t;
}

const APOS = 39;
const RSQUO = 0x2019;
const LSQUO = 0x2018;

function isApos(c: number): boolean {
  return c === APOS || c === RSQUO || c === 0x2032 || c === 0x02bc;
}

function isAlnum(c: number): boolean {
  const k = CLS[c];
  return k === LETTER || k === DIGIT || k === MARK;
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Abbreviations that take a final period (lower-cased, without the period). */
const ABBREV = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'gen', 'col', 'lt', 'sgt', 'capt', 'cpt', 'maj', 'cmdr', 'adm', 'brig', 'gov',
  'sen', 'rep', 'pres', 'rev', 'hon', 'st', 'jr', 'sr', 'inc', 'corp', 'co', 'ltd', 'bros', 'vs', 'etc', 'al',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'mt', 'ft',
  'ave', 'blvd', 'rd', 'dept', 'univ', 'approx', 'est', 'fig', 'vol', 'cf', 'esp', 'govt', 'mln', 'bn', 'pp',
  'u.s', 'u.k', 'u.n', 'e.g', 'i.e', 'a.m', 'p.m',
]);
/** Abbreviations after which a capitalised word usually continues the sentence (titles). */
const TITLES = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'gen', 'col', 'lt', 'sgt', 'capt', 'cpt', 'maj', 'cmdr', 'adm', 'brig', 'gov',
  'sen', 'rep', 'pres', 'rev', 'hon', 'st', 'mt', 'ft', 'no', 'nos', 'vs', 'cf', 'fig', 'vol',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);
/** Capitalised words that start a new sentence after an ambiguous abbreviation ("U.S. The ..."). */
const STARTERS = new Set([
  'the', 'a', 'an', 'he', 'she', 'it', 'they', 'we', 'i', 'you', 'in', 'on', 'at', 'but', 'and', 'this', 'that',
  'these', 'those', 'there', 'his', 'her', 'its', 'their', 'our', 'according', 'however', 'meanwhile', 'after',
  'before', 'when', 'while', 'if', 'as', 'for', 'some', 'many', 'most', 'one', 'two', 'what', 'why', 'how',
  'officials', 'earlier', 'last', 'since', 'during', 'both', 'other', 'such', 'so', 'yet', 'also',
]);

const CLITICS = ['s', 're', 've', 'll', 'd', 'm'];

/** Hyphenated words stay whole after these prefixes (as in UD English); other hyphens are split. */
const HYPHEN_PREFIXES = new Set([
  'non', 'e', 're', 'mid', 'anti', 'pre', 'co', 'pro', 'cross', 'post', 'semi', 'over', 'sub', 'multi',
  'ex', 'counter', 'mini', 'inter', 'un', 'self', 'vice', 'x', 'de', 'bi', 'tri', 'neo', 'ultra', 'pseudo',
]);
/** Arabic name particles kept joined before a capital ("al-Nusra", "Abu-Bakr"). */
const NAME_PARTICLES = new Set(['al', 'el', 'ad', 'ash', 'as', 'az', 'ar', 'an', 'at', 'ibn', 'bin', 'bint', 'abu', 'abd', 'ben', 'bani', 'umm']);

/** Length of a clitic (letters after the apostrophe at `i`) when it ends the word there, else 0. */
function cliticAt(text: string, i: number, end: number): number {
  // text[i] is an apostrophe
  let j = i + 1;
  while (j < end && j - i <= 3 && CLS[text.charCodeAt(j)] === LETTER) j++;
  if (j < end && isAlnum(text.charCodeAt(j))) return 0;
  const len = j - i - 1;
  if (len === 0 || len > 2) return 0;
  const a = lower(text.charCodeAt(i + 1));
  const b = len === 2 ? lower(text.charCodeAt(i + 2)) : 0;
  for (const c of CLITICS) {
    if (c.length !== len) continue;
    if (c.charCodeAt(0) === a && (len === 1 || c.charCodeAt(1) === b)) return len + 1;
  }
  return 0;
}

/** True when `n't` starts at i (n, apostrophe, t, then a non-letter). */
function isNt(text: string, i: number, end: number): boolean {
  return (
    i + 2 < end &&
    lower(text.charCodeAt(i)) === 110 &&
    isApos(text.charCodeAt(i + 1)) &&
    lower(text.charCodeAt(i + 2)) === 116 &&
    (i + 3 >= end || !isAlnum(text.charCodeAt(i + 3)))
  );
}

class Spans {
  start = new Uint32Array(256);
  end = new Uint32Array(256);
  n = 0;
  push(s: number, e: number): void {
    if (e <= s) return;
    if (this.n === this.start.length) {
      const ns = new Uint32Array(this.n * 2);
      ns.set(this.start);
      this.start = ns;
      const ne = new Uint32Array(this.n * 2);
      ne.set(this.end);
      this.end = ne;
    }
    this.start[this.n] = s;
    this.end[this.n] = e;
    this.n++;
  }
}

function startsWithUrl(text: string, i: number): boolean {
  const c = lower(text.charCodeAt(i));
  if (c === 104) return /^https?:\/\//i.test(text.slice(i, i + 8));
  if (c === 119) return /^www\.\w/i.test(text.slice(i, i + 5));
  return false;
}

/** Tokenizes `text` into spans. */
function tokenize(text: string, out: Spans): void {
  const L = text.length;
  let i = 0;
  while (i < L) {
    const c = text.charCodeAt(i);
    const k = CLS[c];
    if (k === SPACE) {
      i++;
      continue;
    }
    if (k === SURROGATE) {
      const e = i + 1 < L && c >= 0xd800 && c <= 0xdbff && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff ? i + 2 : i + 1;
      out.push(i, e);
      i = e;
      continue;
    }
    if (k === LETTER || k === DIGIT || k === MARK) {
      if (startsWithUrl(text, i)) {
        let j = i;
        while (j < L && CLS[text.charCodeAt(j)] !== SPACE) j++;
        while (j > i + 1 && /[.,;:!?)\]"'”’]/.test(text[j - 1])) j--;
        out.push(i, j);
        i = j;
        continue;
      }
      i = word(text, i, L, out);
      continue;
    }
    // Punctuation / symbols.
    if (isApos(c) && i + 1 < L) {
      const cl = cliticAt(text, i, L);
      if (cl > 0 && i > 0 && isAlnum(text.charCodeAt(i - 1))) {
        out.push(i, i + cl);
        i += cl;
        continue;
      }
    }
    // Hashtags and @mentions
    if ((c === 35 || c === 64) && i + 1 < L && CLS[text.charCodeAt(i + 1)] === LETTER && (i === 0 || CLS[text.charCodeAt(i - 1)] === SPACE)) {
      i = word(text, i, L, out, true);
      continue;
    }
    // Runs of the same char for . - ! ? (ellipsis, double dash, "?!" kept apart)
    if (isRunChar(c)) {
      let j = i + 1;
      const sp = isStop(c);
      while (j < L && (text.charCodeAt(j) === c || (sp && isStop(text.charCodeAt(j))))) j++;
      if (c === 46 && j - i === 1 && i + 1 < L && CLS[text.charCodeAt(i + 1)] === DIGIT && (i === 0 || !isAlnum(text.charCodeAt(i - 1)))) {
        // ".5"
        i = word(text, i, L, out, true);
        continue;
      }
      out.push(i, j);
      i = j;
      continue;
    }
    out.push(i, i + 1);
    i++;
  }
}

function isStop(c: number): boolean {
  return c === 46 || c === 33 || c === 63;
}

/** Characters whose runs form one token ("...", "--", "?!", "===", "$$$"). */
function isRunChar(c: number): boolean {
  return (
    c === 46 || c === 45 || c === 33 || c === 63 || c === 0x2014 || c === 0x2013 || c === 61 || c === 42 ||
    c === 35 || c === 60 || c === 62 || c === 36 || c === 126 || c === 95 || c === 94 || c === 43
  );
}

/** Consumes a word starting at i; pushes one or more tokens; returns the next index. */
function word(text: string, i: number, L: number, out: Spans, skipFirst = false): number {
  const s = i;
  let j = skipFirst ? i + 1 : i;
  let dots = 0;
  let seg = s;
  for (;;) {
    if (j >= L) break;
    const c = text.charCodeAt(j);
    const k = CLS[c];
    if (k === LETTER || k === DIGIT || k === MARK) {
      if ((c === 110 || c === 78) && j > s && isNt(text, j, L)) {
        // "don't" -> "do" + "n't"
        out.push(s, j);
        out.push(j, j + 3);
        return j + 3;
      }
      j++;
      continue;
    }
    if (j + 1 >= L) break;
    const next = text.charCodeAt(j + 1);
    const nk = CLS[next];
    const prevK = CLS[text.charCodeAt(j - 1)];
    if (isApos(c)) {
      if (nk === LETTER) {
        if (cliticAt(text, j, L) > 0) break; // split before the clitic
        j++; // O'Brien
        continue;
      }
      break;
    }
    if (c === 46 /* . */) {
      if (nk === LETTER || nk === DIGIT) {
        dots++;
        j++;
        continue;
      }
      break;
    }
    if ((c === 44 /* , */ || c === 58 /* : */) && prevK === DIGIT && nk === DIGIT) {
      j++;
      continue;
    }
    if ((c === 45 /* - */ || c === 0x2010 || c === 0x2011) && (nk === LETTER || nk === DIGIT)) {
      const part = text.slice(seg, j).toLowerCase();
      if (HYPHEN_PREFIXES.has(part) || (NAME_PARTICLES.has(part) && next !== lower(next))) {
        j++;
        seg = j;
        continue;
      }
      break;
    }
    if ((c === 38 /* & */ || c === 64 /* @ */ || c === 95 /* _ */) && (nk === LETTER || nk === DIGIT)) {
      j++;
      continue;
    }
    if (c === 47 /* / */ && nk === DIGIT && prevK === DIGIT) {
      j++;
      continue;
    }
    if (k === MARK) {
      j++;
      continue;
    }
    break;
  }
  if (j - s === 6 && text.slice(s, j).toLowerCase() === 'cannot') {
    out.push(s, s + 3);
    out.push(s + 3, j);
    return j;
  }
  // Final period: abbreviation?
  if (j < L && text.charCodeAt(j) === 46 && !(j + 1 < L && text.charCodeAt(j + 1) === 46)) {
    const w = text.slice(s, j);
    const lw = w.toLowerCase();
    const single = j - s === 1 && CLS[text.charCodeAt(s)] === LETTER && text.charCodeAt(s) !== lower(text.charCodeAt(s));
    const numberAbbrev = (lw === 'no' || lw === 'nos') && j + 2 < L && CLS[text.charCodeAt(j + 2)] === DIGIT;
    if (ABBREV.has(lw) || numberAbbrev || (dots > 0 && /^(?:\p{L}\.)+\p{L}$/u.test(w)) || single) {
      out.push(s, j + 1);
      return j + 1;
    }
  }
  out.push(s, j);
  return j;
}

function isSentencePunct(text: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c !== 46 && c !== 33 && c !== 63 && c !== 0x2026) return false;
  }
  return true;
}

function isCloser(c: number): boolean {
  return c === 34 || c === 39 || c === 0x201d || c === RSQUO || c === 41 || c === 93 || c === 0x00bb;
}

function startsSentence(c: number): boolean {
  const k = CLS[c];
  if (k === DIGIT) return true;
  if (k === LETTER) return c !== lower(c) || (c > 127 && String.fromCharCode(c) !== String.fromCharCode(c).toLowerCase());
  return c === 34 || c === 0x201c || c === LSQUO || c === 40 || c === 91 || c === 39 || c === 0x00ab || c === 0x2014;
}

function hasBlankLine(text: string, from: number, to: number): boolean {
  let nl = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (++nl >= 2) return true;
    } else if (c !== 13 && c !== 32 && c !== 9) nl = 0;
  }
  return false;
}

/** Splits `text` into sentences and tokens; offsets are string indices, end exclusive. */
export function segment(text: string): { sentences: Sentence[]; tokens: TokenTable } {
  const sp = new Spans();
  try {
    tokenize(typeof text === 'string' ? text : String(text), sp);
  } catch {
    // never throw: fall back to whitespace tokens
    sp.n = 0;
    const re = /\S+/g;
    for (let m = re.exec(text); m; m = re.exec(text)) sp.push(m.index, m.index + m[0].length);
  }
  const n = sp.n;
  const start = sp.start.slice(0, n);
  const end = sp.end.slice(0, n);
  const sentences: Sentence[] = [];
  let first = 0;
  const close = (last: number): void => {
    sentences.push({ index: sentences.length, start: start[first], end: end[last], tokenStart: first, tokenEnd: last + 1 });
    first = last + 1;
  };
  for (let t = 0; t < n; t++) {
    if (t + 1 >= n) {
      close(t);
      break;
    }
    const next = t + 1;
    if (hasBlankLine(text, end[t], start[next])) {
      close(t);
      continue;
    }
    const s = start[t], e = end[t];
    let boundary = false;
    let last = t;
    if (isSentencePunct(text, s, e)) {
      // absorb closing quotes/brackets
      while (last + 1 < n && end[last] === start[last + 1] && e - s >= 1 && isCloser(text.charCodeAt(start[last + 1])) && end[last + 1] - start[last + 1] === 1) last++;
      if (last + 1 >= n) {
        close(last);
        break;
      }
      const nc = text.charCodeAt(start[last + 1]);
      const spaced = start[last + 1] > end[last];
      const q = text.charCodeAt(s);
      boundary = spaced && (q !== 46 || startsSentence(nc)) ? (q === 46 ? true : startsSentence(nc) || CLS[nc] === LETTER) : false;
    } else if (e - s > 1 && text.charCodeAt(e - 1) === 46) {
      // abbreviation with its period
      const nc = text.charCodeAt(start[next]);
      if (start[next] > e && startsSentence(nc) && CLS[nc] === LETTER) {
        const w = text.slice(s, e - 1).toLowerCase();
        if (!TITLES.has(w) && !(e - s === 2)) {
          if (w.includes('.')) boundary = STARTERS.has(text.slice(start[next], end[next]).toLowerCase());
          else boundary = true;
        }
      }
    }
    if (boundary) {
      close(last);
      t = last;
    }
  }
  return { sentences, tokens: { length: n, start, end } };
}
