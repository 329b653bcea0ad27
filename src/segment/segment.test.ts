import { describe, expect, it } from 'vitest';
import { segment } from './index.js';

function toks(text: string): string[] {
  const r = segment(text);
  const out: string[] = [];
  for (let i = 0; i < r.tokens.length; i++) out.push(text.slice(r.tokens.start[i], r.tokens.end[i]));
  return out;
}

function sents(text: string): string[] {
  return segment(text).sentences.map((s) => text.slice(s.start, s.end));
}

describe('segment: tokens', () => {
  const cases: [string, string[]][] = [
    ["They don't know.", ['They', 'do', "n't", 'know', '.']],
    ['It can’t be', ['It', 'ca', 'n’t', 'be']],
    ["Assad's forces", ['Assad', "'s", 'forces']],
    ['Assad’s forces', ['Assad', '’s', 'forces']],
    ["we're here, they've gone, I'll go, he'd left, I'm", ['we', "'re", 'here', ',', 'they', "'ve", 'gone', ',', 'I', "'ll", 'go', ',', 'he', "'d", 'left', ',', 'I', "'m"]],
    ['the U.S. military', ['the', 'U.S.', 'military']],
    ['Mr. Smith and Gen. Allen', ['Mr.', 'Smith', 'and', 'Gen.', 'Allen']],
    ['al-Nusra Front', ['al-Nusra', 'Front']],
    ['a long-term non-stop pre-war deal', ['a', 'long', '-', 'term', 'non-stop', 'pre-war', 'deal']],
    ['1,000 fighters and 3.5% at 10:30', ['1,000', 'fighters', 'and', '3.5', '%', 'at', '10:30']],
    ['Assad—still', ['Assad', '—', 'still']],
    ['“Yes,” he said.', ['“', 'Yes', ',', '”', 'he', 'said', '.']],
    ['"No" (maybe)', ['"', 'No', '"', '(', 'maybe', ')']],
    ['wait...', ['wait', '...']],
    ["O'Brien's", ["O'Brien", "'s"]],
    ["soldiers' guns", ['soldiers', "'", 'guns']],
    ['$5 e.g. this', ['$', '5', 'e.g.', 'this']],
    ['see https://example.org/a?b=1.', ['see', 'https://example.org/a?b=1', '.']],
    ['', []],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(toks(text)).toEqual(expected);
  });
});

describe('segment: sentences', () => {
  const cases: [string, string[]][] = [
    ['The U.S. military left. The talks failed.', ['The U.S. military left.', 'The talks failed.']],
    ['Mr. Smith arrived. He spoke.', ['Mr. Smith arrived.', 'He spoke.']],
    ['Did it work? Yes! Good.', ['Did it work?', 'Yes!', 'Good.']],
    ['He said “stop.” Then he left.', ['He said “stop.”', 'Then he left.']],
    ['Headline here\n\nBody text starts.', ['Headline here', 'Body text starts.']],
    ['no final stop', ['no final stop']],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(sents(text)).toEqual(expected);
  });
});

describe('segment: robustness', () => {
  let seed = 12345;
  const rand = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  const alphabet = ["a", "Z", "9", " ", ".", ",", "'", "’", "-", "—", "\n", "“", "U.S.", "n't", "😀", "\ud800", "é", "\u0301", "$", "@", "/", ":", "http://", "Mr."];
  it('offsets are in bounds, ordered and sentences cover tokens', () => {
    for (let k = 0; k < 300; k++) {
      const len = Math.floor(rand() * 80);
      let text = '';
      for (let i = 0; i < len; i++) text += alphabet[Math.floor(rand() * alphabet.length)];
      if (k % 50 === 0) text = 'x'.repeat(10000);
      const r = segment(text);
      let prev = 0;
      for (let i = 0; i < r.tokens.length; i++) {
        expect(r.tokens.start[i]).toBeGreaterThanOrEqual(prev);
        expect(r.tokens.end[i]).toBeGreaterThan(r.tokens.start[i]);
        expect(r.tokens.end[i]).toBeLessThanOrEqual(text.length);
        prev = r.tokens.end[i];
      }
      let next = 0;
      r.sentences.forEach((s, i) => {
        expect(s.index).toBe(i);
        expect(s.tokenStart).toBe(next);
        expect(s.tokenEnd).toBeGreaterThan(s.tokenStart);
        expect(s.start).toBe(r.tokens.start[s.tokenStart]);
        expect(s.end).toBe(r.tokens.end[s.tokenEnd - 1]);
        next = s.tokenEnd;
      });
      expect(next).toBe(r.tokens.length);
    }
  });
});
