import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, FaultlineError } from '../errors.js';
import { loadNerModel, type EntitySpan } from './index.js';
import { bioConstraints, forwardBackward, labelsToSpans, Viterbi } from './model.js';
import { documentConsistency } from './document.js';
import { normWord, packPath, pathPrefix } from './clusters.js';

const model = loadNerModel();
/** UD/EWT-style tokens: hyphens and punctuation split off ("al - Sham"), as in the training data. */
const tok = (s: string): string[] => s.match(/[A-Za-z.]+(?<!\.)|\d+|[^\sA-Za-z\d]/g) ?? [];
const spans = (words: string[], out: EntitySpan[]): string[] => out.map((s) => `${s.type}:${words.slice(s.start, s.end).join(' ')}`);

describe('NER model', () => {
  it('loads from the default folder', () => {
    expect(typeof model.tag).toBe('function');
  });

  it('returns no spans for empty input', () => {
    expect(model.tag([])).toEqual([]);
  });

  it('tags the Free Syrian Army sentence sensibly', () => {
    const words = tok('The Free Syrian Army attacked positions held by Jabhat Fateh al-Sham near Aleppo, said Rami Abdulrahman.');
    const got = spans(words, model.tag(words));
    expect(got).toContain('ORG:Free Syrian Army');
    expect(got).toContain('LOC:Aleppo');
    expect(got).toContain('PER:Rami Abdulrahman');
    expect(got.some((s) => s.startsWith('ORG:') && s.includes('Jabhat'))).toBe(true);
  });

  const table: [string, string[]][] = [
    ['Officials in Baghdad said Prime Minister Nouri al-Maliki met the United Nations envoy on Tuesday.', ['LOC:Baghdad', 'ORG:United Nations']],
    ['The Kurdistan Workers Party clashed with Turkish troops near the border with Iraq.', ['ORG:Kurdistan Workers Party', 'LOC:Iraq']],
    ['John Kerry flew to Geneva to meet Sergei Lavrov.', ['PER:John Kerry', 'LOC:Geneva', 'PER:Sergei Lavrov']],
    ['Fighters of the Liwa al-Tawhid Brigade withdrew from the town.', []],
  ];
  it.each(table)('tags %s', (text, expected) => {
    const words = tok(text);
    const got = spans(words, model.tag(words));
    for (const e of expected) expect(got).toContain(e);
  });

  it('finds an unseen armed group name as an ORG candidate', () => {
    const words = tok('Fighters of the Liwa al-Tawhid Brigade withdrew from the town.');
    const got = model.tag(words);
    expect(got.some((s) => s.type === 'ORG' && words.slice(s.start, s.end).includes('Brigade'))).toBe(true);
  });

  it('emits spans that are in range, ordered and non-overlapping', () => {
    for (const text of ['a b c', 'U.S. U.S. U.S.', 'The The The', 'Al - Qaeda in the Arabian Peninsula ( AQAP ) said', '!!!', 'x']) {
      const words = text.split(' ');
      let last = 0;
      for (const s of model.tag(words)) {
        expect(s.start).toBeGreaterThanOrEqual(last);
        expect(s.end).toBeGreaterThan(s.start);
        expect(s.end).toBeLessThanOrEqual(words.length);
        last = s.end;
      }
    }
  });
});

describe('document-level consistency', () => {
  it('tagDocument returns one span list per sentence, consistent with tag', () => {
    const doc = [tok('John Kerry flew to Geneva.'), [], tok('He met Sergei Lavrov there.')];
    const out = model.tagDocument(doc);
    expect(out).toHaveLength(3);
    expect(out[1]).toEqual([]);
    expect(spans(doc[0], out[0])).toContain('LOC:Geneva');
  });

  it('propagates a tagged name to its untagged repetitions and votes the type', () => {
    const s = [['I', 'live', 'in', 'Miramar', '.'], ['miramar', 'is', 'nice', '.'], ['Miramar', '!'], ['Miramar', 'Beach', 'too']];
    const spans0 = [[{ start: 3, end: 4, type: 'LOC' }], [], [{ start: 0, end: 1, type: 'LOC' }], [{ start: 0, end: 2, type: 'LOC' }]];
    const out = documentConsistency(s, spans0);
    expect(out[1]).toEqual([{ start: 0, end: 1, type: 'LOC' }]);
    expect(out[3]).toEqual([{ start: 0, end: 2, type: 'LOC' }]);
    const voted = documentConsistency(s, [[{ start: 3, end: 4, type: 'LOC' }], [], [{ start: 0, end: 1, type: 'LOC' }], [{ start: 0, end: 1, type: 'PER' }]]);
    expect(voted[3]).toEqual([{ start: 0, end: 1, type: 'LOC' }]);
  });

  it('does not turn common lower-case words into names', () => {
    const s = [['Will', 'Smith', 'came', '.'], ['Will', 'said', 'he', 'will', 'come']];
    const out = documentConsistency(s, [[{ start: 0, end: 2, type: 'PER' }], [{ start: 0, end: 1, type: 'PER' }]]);
    expect(out[1]).toEqual([{ start: 0, end: 1, type: 'PER' }]);
  });
});

describe('word clusters', () => {
  it('packs paths and takes prefixes', () => {
    expect(normWord('Aleppo2016')).toBe('aleppo0000');
    const p = packPath('0110101');
    expect(p >>> 24).toBe(7);
    expect(pathPrefix(p, 4)).toBe(packPath('0110'));
    expect(pathPrefix(p, 12)).toBe(p);
  });
});

describe('constrained Viterbi', () => {
  it('never emits invalid BIO even when emissions favour it', () => {
    const labels = ['O', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG'];
    const L = labels.length;
    const { allowed, allowedStart } = bioConstraints(labels);
    const vit = new Viterbi(L, allowed, allowedStart);
    const n = 6;
    const out = new Int32Array(n);
    let seed = 7;
    for (let trial = 0; trial < 200; trial++) {
      const emit = new Float32Array(n * L);
      for (let i = 0; i < emit.length; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        emit[i] = (seed / 0x7fffffff) * 10 - (labels[i % L].startsWith('I-') ? -5 : 0);
      }
      vit.decode(emit, n, new Float32Array(L * L), new Float32Array(L), new Float32Array(L), out);
      for (let i = 0; i < n; i++) {
        const cur = labels[out[i]];
        const prev = i === 0 ? 'O' : labels[out[i - 1]];
        if (cur.startsWith('I-')) expect(prev === 'B-' + cur.slice(2) || prev === cur).toBe(true);
      }
      expect(labelsToSpans(labels, out, n).every((s) => s.end > s.start)).toBe(true);
    }
  });
});

describe('CRF forward–backward', () => {
  it('matches brute-force enumeration of every valid BIO sequence (log Z and marginals)', () => {
    const labels = ['O', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG'];
    const L = labels.length;
    const { allowed, allowedStart } = bioConstraints(labels);
    const n = 4;
    let seed = 11;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return (seed / 0x7fffffff) * 4 - 2;
    };
    const emit = Float32Array.from({ length: n * L }, rnd);
    const trans = Float32Array.from({ length: L * L }, rnd);
    const start = Float32Array.from({ length: L }, rnd);
    const end = Float32Array.from({ length: L }, rnd);
    const alpha = new Float64Array(n * L);
    const beta = new Float64Array(n * L);
    const logZ = forwardBackward(emit, n, L, trans, start, end, allowed, allowedStart, alpha, beta);
    let z = 0;
    const marg = new Float64Array(n * L);
    const seq = new Int32Array(n);
    for (let code = 0; code < L ** n; code++) {
      for (let i = 0, c = code; i < n; i++, c = Math.floor(c / L)) seq[i] = c % L;
      if (!allowedStart[seq[0]]) continue;
      let ok = true;
      let score = start[seq[0]] + emit[seq[0]] + end[seq[n - 1]];
      for (let i = 1; i < n; i++) {
        if (!allowed[seq[i - 1] * L + seq[i]]) ok = false;
        score += trans[seq[i - 1] * L + seq[i]] + emit[i * L + seq[i]];
      }
      if (!ok) continue;
      const p = Math.exp(score);
      z += p;
      for (let i = 0; i < n; i++) marg[i * L + seq[i]] += p;
    }
    expect(logZ).toBeCloseTo(Math.log(z), 6);
    for (let i = 0; i < n * L; i++) expect(Math.exp(alpha[i] + beta[i] - logZ)).toBeCloseTo(marg[i] / z, 6);
    // an I- label cannot start the sentence: its marginal is 0
    expect(Math.exp(alpha[2] + beta[2] - logZ)).toBe(0);
  });
});

describe('loading errors', () => {
  it('missing model → E_MODEL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ner-'));
    expect(() => loadNerModel(dir)).toThrow(FaultlineError);
    try {
      loadNerModel(dir);
    } catch (e) {
      expect((e as FaultlineError).code).toBe(ERROR_CODES.MODEL);
    }
  });
  it('wrong version → E_MODEL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ner-'));
    const buf = Buffer.alloc(64);
    buf.write('FLNER\0\0\0', 0, 'latin1');
    buf.writeUInt32LE(999, 8);
    writeFileSync(join(dir, 'ner.bin'), buf);
    try {
      loadNerModel(dir);
      expect.unreachable();
    } catch (e) {
      expect((e as FaultlineError).code).toBe(ERROR_CODES.MODEL);
    }
  });
});
