import { describe, expect, it } from 'vitest';
import { exactHash } from './lex.js';
import { attachPunctuation, P_CLOSE, P_COMMA, P_DASH, P_FINAL, P_OPEN, P_OTHER, P_QUOTE, punctClass } from './punct.js';

/** Words with their heads (1-based as in CoNLL-U, 0 root; marks get `null`: to be attached). */
function attach(tokens: [string, number | null][], delimitersOnly = false, given = 99): number[] {
  const n = tokens.length;
  const isP = new Uint8Array(n);
  const exact = new Int32Array(n);
  const head = new Int32Array(n);
  tokens.forEach(([form, h], i) => {
    isP[i] = h === null ? 1 : 0;
    exact[i] = exactHash(form);
    head[i] = h === null ? given - 1 : h - 1;
  });
  attachPunctuation(n, isP, exact, head, delimitersOnly);
  return [...head].map((h) => h + 1);
}

describe('punctuation classes', () => {
  it('classifies marks by form', () => {
    expect(punctClass(exactHash(','))).toBe(P_COMMA);
    expect(punctClass(exactHash('...'))).toBe(P_FINAL);
    expect(punctClass(exactHash('?!'))).toBe(P_FINAL);
    expect(punctClass(exactHash('—'))).toBe(P_DASH);
    expect(punctClass(exactHash('"'))).toBe(P_QUOTE);
    expect(punctClass(exactHash('('))).toBe(P_OPEN);
    expect(punctClass(exactHash('”'))).toBe(P_CLOSE);
    expect(punctClass(exactHash('#'))).toBe(P_OTHER);
  });
});

describe('attachPunctuation', () => {
  it('puts a final full stop on the root', () => {
    // Troops withdrew from the town .
    expect(attach([['Troops', 2], ['withdrew', 0], ['from', 5], ['the', 5], ['town', 2], ['.', null]])).toEqual([2, 0, 5, 5, 2, 2]);
  });

  it('leaves sentence-final marks and other symbols where they are when asked to', () => {
    // Troops withdrew / retreated , officials said . — every mark given head 1 ("Troops")
    const h = attach([['Troops', 2], ['withdrew', 7], ['/', null], ['retreated', 2], [',', null], ['officials', 7], ['said', 0], ['.', null]], true, 1);
    expect(h[7]).toBe(1);
    expect(h[2]).toBe(1);
    expect(h[4]).toBe(2);
  });

  it('attaches a comma before a clause or conjunct to that clause or conjunct', () => {
    // The army advanced , and the militia retreated .
    const h = attach([['The', 2], ['army', 3], ['advanced', 0], [',', null], ['and', 8], ['the', 7], ['militia', 8], ['retreated', 3], ['.', null]]);
    expect(h[3]).toBe(8);
    expect(h[8]).toBe(3);
  });

  it('attaches a comma after a fronted modifier to the modifier', () => {
    // On Monday , rebels shelled the base .
    const h = attach([['On', 2], ['Monday', 5], [',', null], ['rebels', 5], ['shelled', 0], ['the', 7], ['base', 5], ['.', null]]);
    expect(h[2]).toBe(2);
  });

  it('attaches both brackets to the head of what they enclose', () => {
    // the Free Army ( FSA ) said
    const h = attach([['the', 3], ['Free', 3], ['Army', 7], ['(', null], ['FSA', 3], [')', null], ['said', 0]]);
    expect(h[3]).toBe(5);
    expect(h[5]).toBe(5);
  });

  it('pairs straight quotes by order and falls back when the quote spans no single phrase', () => {
    // he called it " a betrayal " .
    const h = attach([['he', 2], ['called', 0], ['it', 2], ['"', null], ['a', 6], ['betrayal', 2], ['"', null], ['.', null]]);
    expect(h[3]).toBe(6);
    expect(h[6]).toBe(6);
    expect(h[7]).toBe(2);
    // " we will fight " , he said : the quote holds the whole clause
    const g = attach([['"', null], ['we', 4], ['will', 4], ['fight', 8], ['"', null], [',', null], ['he', 8], ['said', 0]]);
    expect(g[0]).toBe(4);
    expect(g[4]).toBe(4);
  });

  it('keeps the tree projective and leaves the words alone', () => {
    const tokens: [string, number | null][] = [['Both', 2], ['sides', 3], ['agreed', 0], [':', null], ['no', 6], ['shelling', 3], ['-', null], ['and', 9], ['talks', 6], ['.', null]];
    const h = attach(tokens);
    tokens.forEach(([, g], i) => {
      if (g !== null) expect(h[i]).toBe(g);
    });
    // every mark's arc crosses no other arc
    for (let i = 0; i < h.length; i++) {
      if (tokens[i][1] !== null) continue;
      const a = Math.min(i + 1, h[i]), b = Math.max(i + 1, h[i]);
      for (let j = 0; j < h.length; j++) {
        if (h[j] === 0 || j + 1 === i + 1) continue;
        const c = Math.min(j + 1, h[j]), d = Math.max(j + 1, h[j]);
        const crosses = (a < c && c < b && d > b) || (a < d && d < b && c < a);
        expect(crosses).toBe(false);
      }
    }
  });
});
