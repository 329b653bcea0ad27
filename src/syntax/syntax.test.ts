import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, FaultlineError } from '../errors.js';
import { parseToConllu } from '../cli/commands/parse.js';
import { blankSentence, loadSyntaxModel, parseConllu, writeConllu } from './index.js';

const SAMPLE = `# sent_id = 1
# text = They don't agree.
1	They	they	PRON	PRP	_	3	nsubj	3:nsubj	_
2-3	don't	_	_	_	_	_	_	_	_
2	do	do	AUX	VBP	_	4	aux	4:aux	_
3	n't	not	PART	RB	_	4	advmod	4:advmod	_
4	agree	agree	VERB	VB	_	0	root	0:root	SpaceAfter=No
5	.	.	PUNCT	.	_	4	punct	4:punct	_

`;

describe('CoNLL-U', () => {
  it('round-trips, keeping multi-word ranges and comments', () => {
    const s = parseConllu(SAMPLE);
    expect(s).toHaveLength(1);
    expect(s[0].form).toEqual(['They', 'do', "n't", 'agree', '.']);
    expect([...s[0].head]).toEqual([2, 3, 3, -1, 3]);
    expect(writeConllu(s)).toBe(SAMPLE.replace(/\n\n$/, '\n\n'));
    expect(parseConllu(writeConllu(s))).toEqual(s);
  });
  it('writes blanks as underscores', () => {
    const text = writeConllu([blankSentence(['a', 'b'])]);
    expect(text.split('\n')[0]).toBe('1\ta\t_\t_\t_\t_\t0\t_\t_\t_');
  });
});

describe('syntax model', () => {
  const model = loadSyntaxModel();
  const cases: { words: string[]; check: (r: ReturnType<typeof model.analyse>) => void }[] = [
    {
      words: ['The', 'rebels', 'agreed', 'to', 'stop', 'fighting', '.'],
      check: (r) => {
        expect(r.head[2]).toBe(-1); // agreed is the root
        expect(r.deprel[2]).toBe('root');
        expect(r.head[1]).toBe(2);
        expect(r.deprel[1]).toBe('nsubj');
        expect(r.head[4]).toBe(2); // stop <- agreed
        expect(r.upos[1]).toBe('NOUN');
        expect(r.lemma[1]).toBe('rebel');
        expect(r.lemma[2]).toBe('agree');
      },
    },
    {
      words: ['Turkey', 'did', "n't", 'attack', 'the', 'Kurds', '.'],
      check: (r) => {
        expect(r.head[3]).toBe(-1);
        expect(r.head[2]).toBe(3);
        expect(r.deprel[2]).toBe('advmod');
        expect(r.deprel[0]).toBe('nsubj');
        expect(r.deprel[5]).toBe('obj');
      },
    },
    {
      words: ['Fighters', 'of', 'al-Qaeda', 'and', 'al-Nusra', 'attacked', '.'],
      check: (r) => {
        expect(r.upos[2]).toBe('PROPN');
        expect(r.upos[4]).toBe('PROPN');
        expect(r.head[5]).toBe(-1);
        expect(r.deprel[0]).toBe('nsubj');
        expect(r.head[4]).toBe(2);
        expect(r.deprel[4]).toBe('conj');
      },
    },
  ];
  it.each(cases)('parses $words', ({ words, check }) => {
    const r = model.analyse(words);
    expect(r.upos).toHaveLength(words.length);
    expect(r.head.filter((h) => h === -1)).toHaveLength(1);
    check(r);
  });
  it('handles empty and long sentences', () => {
    expect(model.analyse([]).upos).toEqual([]);
    const long = Array.from({ length: 500 }, (_, i) => (i % 7 === 6 ? ',' : 'word'));
    const r = model.analyse(long);
    expect(r.head.every((h) => h >= -1 && h < long.length)).toBe(true);
  });
  it('fails clearly when the model is missing or of another version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fl-syntax-'));
    expect(() => loadSyntaxModel(dir)).toThrowError(FaultlineError);
    const bad = Buffer.alloc(16);
    bad.write('FLSYNTX1', 0, 'latin1');
    bad.writeUInt32LE(999, 8);
    writeFileSync(join(dir, 'syntax.bin'), bad);
    try {
      loadSyntaxModel(dir);
      expect.unreachable();
    } catch (e) {
      expect((e as FaultlineError).code).toBe(ERROR_CODES.MODEL);
      expect((e as Error).message).toMatch(/version/);
    }
  });
  it('parse command output: raw text and CoNLL-U input', () => {
    const out = parseToConllu('The army attacked. Rebels fled.', false, model);
    const s = parseConllu(out);
    expect(s).toHaveLength(2);
    expect(s[0].upos.every((u) => u !== '_')).toBe(true);
    const kept = parseConllu(parseToConllu(SAMPLE, true, model));
    expect(kept[0].form).toEqual(['They', 'do', "n't", 'agree', '.']);
    expect(kept[0].ranges).toHaveLength(1);
  });
});
