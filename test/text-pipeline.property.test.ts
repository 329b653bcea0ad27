/**
 * Property tests of the text pipeline (fast-check): `segment()` and the whole default pipeline
 * on hostile text — random Unicode (astral planes, lone surrogates, combining marks, RTL and
 * bidi controls, C0/C1 controls), very long tokens, text without spaces, only punctuation, and
 * real actor names and relation words mixed into all of that. Properties: nothing throws;
 * every offset is within the text and in order; every quoted text equals its slice.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDefaultPipeline } from '../src/pipeline/default.js';
import { segment } from '../src/segment/index.js';
import { POLARITY, RELATION_TYPES, type Article, type ProcessedArticle, type Sentence, type TokenTable } from '../src/types.js';

const SEED = Number(process.env.FAULTLINE_PROPERTY_SEED ?? 20240917);
/** Multiplies the number of runs (e.g. 20 for a long exploration). */
const X = Number(process.env.FAULTLINE_PROPERTY_RUNS_X ?? 1);

// ---------------------------------------------------------------------------------------------
// Arbitraries

const codePoint = (from: number, to: number): fc.Arbitrary<string> => fc.integer({ min: from, max: to }).map((c) => String.fromCodePoint(c));

/** One "character" of hostile text: a mix of the classes that break tokenizers. */
const hostileChar: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }, // any code point, astral included
  { weight: 4, arbitrary: codePoint(0x61, 0x7a) }, // a-z
  { weight: 2, arbitrary: codePoint(0x41, 0x5a) }, // A-Z
  { weight: 3, arbitrary: fc.constantFrom(' ', ' ', '\n', '\n\n', '\t', '\r\n', '\u00a0', '\u2028', '\u3000') },
  { weight: 3, arbitrary: fc.constantFrom(...'.,;:!?\'"()[]{}-–—…/\\@#%&*+=<>|~`^_$“”‘’«»'.split('')) },
  { weight: 2, arbitrary: codePoint(0x0300, 0x036f) }, // combining diacritics
  { weight: 2, arbitrary: codePoint(0x0590, 0x06ff) }, // Hebrew, Arabic
  { weight: 1, arbitrary: fc.constantFrom('\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2069') }, // bidi
  { weight: 1, arbitrary: fc.constantFrom('\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad') }, // zero-width, soft hyphen
  { weight: 1, arbitrary: codePoint(0x00, 0x1f) }, // C0 controls, NUL included
  { weight: 1, arbitrary: codePoint(0x7f, 0x9f) }, // DEL, C1 controls
  { weight: 1, arbitrary: codePoint(0xd800, 0xdfff) }, // lone surrogates
  { weight: 1, arbitrary: codePoint(0x1f300, 0x1faff) }, // emoji
  { weight: 1, arbitrary: fc.constantFrom('👨‍👩‍👧‍👦', '🇸🇾', 'é', 'ﬁ', 'Å', 'ǅ', 'İ', 'ß', '𝔘𝔫𝔦', '०१२', '١٢٣', '½', 'Ⅻ') },
);

const hostileText = (maxLength: number): fc.Arbitrary<string> => fc.oneof(fc.string({ unit: hostileChar, maxLength }), fc.string({ unit: hostileChar, maxLength, size: 'max' }));

/** A very long token: one letter, digit or mixed run of 1,000-60,000 characters, maybe embedded in text. */
const longToken: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('a', 'X', '9', 'ab-', 'a.', "a'", 'ب', '\u0301', '😀', '.', '-', '_'),
    fc.integer({ min: 1000, max: 60_000 }),
    hostileText(20),
    hostileText(20),
  )
  .map(([unit, n, before, after]) => before + unit.repeat(Math.ceil(n / unit.length)) + after);

/** Text without any spaces at all (no whitespace class character). */
const noSpaces: fc.Arbitrary<string> = hostileText(400).map((s) => s.replace(/[\s\p{Z}\u0000-\u001f\u007f-\u009f]/gu, ''));

/** Only punctuation and symbols. */
const onlyPunct: fc.Arbitrary<string> = fc.string({
  unit: fc.constantFrom(...'.,;:!?\'"()[]{}-–—…/\\@#%&*+=<>|~`^_$“”‘’«»•·¡¿。、'.split('')),
  maxLength: 2000,
  size: 'max',
});

/** Words the pipeline acts on, so that mentions, times and relations are actually produced. */
const FRAGMENTS = [
  'Islamic State', 'ISIS', 'Jabhat al-Nusra', 'Ahrar al-Sham', 'Kurdish forces', 'the YPG', 'Turkey', 'Russia', 'Iran',
  'the Syrian government', 'Hezbollah', 'al-Qaeda', 'the United States', 'Saudi Arabia', 'Qatar', 'the rebels', 'they', 'it',
  'both groups', 'attacked', 'fought', 'agreed a ceasefire with', 'allied with', 'armed', 'backed', 'condemned', 'split from',
  'pledged allegiance to', 'mediated between', 'met', 'clashed with', 'since 2015', 'on Sunday', 'last week', 'in March 2014',
  'between 2013 and 2016', 'and', 'of', 'the', 'near Kobani', '.', ',', '"', '(', ')', '\n\n', 'U.S.', 'Mr.', 'Gen.',
];

const fragment: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 1, arbitrary: hostileText(8) },
);
const separator: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constant(' ') },
  { weight: 1, arbitrary: fc.constantFrom('', '\n', '\u200f', '\u00a0', '  ', '\u0301 ', '. ', '\t') },
);
/** Sentences made of real fragments and hostile junk. */
const newsLike: fc.Arbitrary<string> = fc
  .array(fc.tuple(fragment, separator), { maxLength: 120 })
  .map((parts) => parts.map(([f, s]) => f + s).join(''));

const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileText(600) },
  { weight: 4, arbitrary: newsLike },
  { weight: 1, arbitrary: noSpaces },
  { weight: 1, arbitrary: onlyPunct },
);

// ---------------------------------------------------------------------------------------------
// Checks

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
/** True when offset `i` falls between the two halves of a surrogate pair. */
function splitsPair(text: string, i: number): boolean {
  return i > 0 && i < text.length && isHigh(text.charCodeAt(i - 1)) && isLow(text.charCodeAt(i));
}

function checkSegmentation(text: string, sentences: readonly Sentence[], tokens: TokenTable): void {
  const n = tokens.length;
  expect(tokens.start.length).toBeGreaterThanOrEqual(n);
  expect(tokens.end.length).toBeGreaterThanOrEqual(n);
  let prevEnd = 0;
  for (let i = 0; i < n; i++) {
    const s = tokens.start[i]!, e = tokens.end[i]!;
    if (!(s >= prevEnd && s < e && e <= text.length)) {
      throw new Error(`token ${i} [${s}, ${e}) out of order or bounds (previous end ${prevEnd}, text length ${text.length})`);
    }
    if (splitsPair(text, s) || splitsPair(text, e)) throw new Error(`token ${i} [${s}, ${e}) splits a surrogate pair`);
    prevEnd = e;
  }
  // Sentences: in order, non-overlapping, token spans contiguous and covering every token.
  let nextToken = 0;
  let prevSentenceEnd = 0;
  sentences.forEach((st, k) => {
    expect(st.index).toBe(k);
    if (!(st.tokenStart === nextToken && st.tokenEnd > st.tokenStart && st.tokenEnd <= n)) {
      throw new Error(`sentence ${k} tokens [${st.tokenStart}, ${st.tokenEnd}) not contiguous (expected start ${nextToken}, ${n} tokens)`);
    }
    if (!(st.start >= prevSentenceEnd && st.start < st.end && st.end <= text.length)) {
      throw new Error(`sentence ${k} [${st.start}, ${st.end}) out of order or bounds`);
    }
    if (st.start !== tokens.start[st.tokenStart] || st.end !== tokens.end[st.tokenEnd - 1]) {
      throw new Error(`sentence ${k} [${st.start}, ${st.end}) does not span its tokens`);
    }
    nextToken = st.tokenEnd;
    prevSentenceEnd = st.end;
  });
  expect(nextToken).toBe(n);
}

function checkProcessed(article: Article, p: ProcessedArticle): void {
  const text = article.text;
  checkSegmentation(text, p.sentences, p.tokens);
  for (const m of p.mentions) {
    const where = `mention ${JSON.stringify(m.text)} [${m.start}, ${m.end})`;
    if (!(m.start >= 0 && m.start < m.end && m.end <= text.length)) throw new Error(`${where} out of bounds`);
    if (text.slice(m.start, m.end) !== m.text) throw new Error(`${where}: text is not the slice ${JSON.stringify(text.slice(m.start, m.end))}`);
    const s = p.sentences[m.sentence];
    if (!s) throw new Error(`${where}: no sentence ${m.sentence}`);
    if (!(m.tokenStart >= s.tokenStart && m.tokenStart < m.tokenEnd && m.tokenEnd <= s.tokenEnd)) throw new Error(`${where}: tokens outside its sentence`);
    if (!(m.start >= s.start && m.end <= s.end)) throw new Error(`${where}: outside its sentence [${s.start}, ${s.end})`);
  }
  for (const r of p.relations) {
    const where = `relation ${r.type} ${r.source.actor}→${r.target.actor}`;
    expect(r.doc).toBe(article.id);
    expect(r.date).toBe(article.date);
    expect(RELATION_TYPES).toContain(r.type);
    expect(r.polarity).toBe(POLARITY[r.type]);
    if (!(r.confidence >= 0 && r.confidence <= 1)) throw new Error(`${where}: confidence ${r.confidence}`);
    if (!(r.time.start <= r.time.end)) throw new Error(`${where}: time ${r.time.start} > ${r.time.end}`);
    const sn = r.sentence;
    if (!(sn.start >= 0 && sn.start < sn.end && sn.end <= text.length)) throw new Error(`${where}: sentence out of bounds`);
    if (text.slice(sn.start, sn.end) !== sn.text) throw new Error(`${where}: sentence text is not its slice`);
    const st = p.sentences[sn.index];
    if (!st || st.start !== sn.start || st.end !== sn.end) throw new Error(`${where}: sentence ${sn.index} does not match the segmentation`);
    for (const end of [r.source, r.target]) {
      if (!(end.start >= 0 && end.start < end.end && end.end <= text.length)) throw new Error(`${where}: end ${end.actor} [${end.start}, ${end.end}) out of bounds`);
      if (text.slice(end.start, end.end) !== end.text) {
        throw new Error(`${where}: end text ${JSON.stringify(end.text)} is not the slice ${JSON.stringify(text.slice(end.start, end.end))}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------

describe('segment() on hostile text', () => {
  it('never throws; tokens in bounds, in order, non-overlapping; sentences contiguous', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const { sentences, tokens } = segment(text);
        checkSegmentation(text, sentences, tokens);
      }),
      { seed: SEED, numRuns: 600 * X },
    );
  });

  it('very long tokens', () => {
    fc.assert(
      fc.property(longToken, (text) => {
        const { sentences, tokens } = segment(text);
        checkSegmentation(text, sentences, tokens);
      }),
      { seed: SEED, numRuns: 40 * X },
    );
  });

  it('fixed edge cases', () => {
    const cases = ['', ' ', '\n\n\n', '.', '...', '\u0301', '\ud800', '\udc00a', 'a\ud800', '😀', '😀😀.😀', '\u0000\u0000', 'a'.repeat(200_000), '.'.repeat(100_000), '-'.repeat(50_000) + 'a'];
    for (const text of cases) {
      const { sentences, tokens } = segment(text);
      checkSegmentation(text, sentences, tokens);
    }
  });
});

describe('default pipeline on hostile text', () => {
  const { pipeline } = loadDefaultPipeline({ warn: () => {} });
  let n = 0;
  const processOne = (text: string): void => {
    const article: Article = { id: `prop-${n++}`, date: '2015-06-15', text };
    const p = pipeline.process(article);
    expect(p.article).toBe(article);
    checkProcessed(article, p);
  };

  it('never throws; mentions and relations point at their own text', () => {
    fc.assert(fc.property(anyText, processOne), { seed: SEED, numRuns: 300 * X });
  });

  it('very long tokens, no spaces, only punctuation', () => {
    fc.assert(fc.property(fc.oneof(longToken, noSpaces, onlyPunct), processOne), { seed: SEED + 1, numRuns: 30 * X });
  });

  it('the relations property is not vacuous: news-like text yields relations', () => {
    let relations = 0;
    const texts = fc.sample(newsLike, { seed: SEED, numRuns: 200 * X });
    for (const text of texts) {
      const article: Article = { id: `v-${n++}`, date: '2015-06-15', text };
      const p = pipeline.process(article);
      checkProcessed(article, p);
      relations += p.relations.length;
    }
    expect(relations).toBeGreaterThan(0);
  });
});
