/**
 * Raw-text evaluation: rebuild document text from `# text =` comments, run the segmenter and
 * the model, and score tokens, sentences, UPOS, UAS and LAS by character-span alignment
 * (a word counts when its span matches a gold word; a head when the heads' spans match too).
 */
import { segment } from '../segment/index.js';
import { conlluComment, type ConlluSentence } from './conllu.js';
import type { SyntaxModel } from './index.js';

export interface RawScores {
  tokenF1: number;
  sentenceF1: number;
  uposF1: number;
  uasF1: number;
  lasF1: number;
  goldTokens: number;
  predTokens: number;
}

interface Doc {
  text: string;
  /** gold word spans, and per word the sentence-relative head resolved to a global index */
  ws: number[];
  we: number[];
  upos: string[];
  head: number[];
  deprel: string[];
  sents: [number, number][];
}

function docsOf(sentences: readonly ConlluSentence[]): Doc[] {
  const docs: Doc[] = [];
  let d: Doc | null = null;
  for (const s of sentences) {
    const newdoc = s.comments.some((c) => c.startsWith('newdoc'));
    const newpar = s.comments.some((c) => c.startsWith('newpar'));
    if (!d || newdoc) {
      d = { text: '', ws: [], we: [], upos: [], head: [], deprel: [], sents: [] };
      docs.push(d);
    } else d.text += newpar ? '\n\n' : ' ';
    const text = conlluComment(s, 'text') ?? s.form.join(' ');
    const base = d.text.length;
    d.text += text;
    const first = d.ws.length;
    // align words to the text
    let pos = 0;
    const rangeAt = new Map(s.ranges.map((r) => [r.first, r]));
    for (let i = 0; i < s.form.length; i++) {
      const r = rangeAt.get(i);
      if (r) {
        const surface = r.line.split('\t')[1] ?? '';
        while (pos < text.length && /\s/.test(text[pos])) pos++;
        const at = text.startsWith(surface, pos) ? pos : text.indexOf(surface, pos);
        const sp = at >= 0 ? at : pos;
        const joined = s.form.slice(r.first, r.last + 1).join('');
        let p = sp;
        for (let w = r.first; w <= r.last; w++) {
          const len = joined === surface ? s.form[w].length : w === r.first ? surface.length : 0;
          d.ws.push(base + p);
          d.we.push(base + p + len);
          p += len;
        }
        pos = sp + surface.length;
        i = r.last;
        continue;
      }
      while (pos < text.length && /\s/.test(text[pos])) pos++;
      const f = s.form[i];
      const at = text.startsWith(f, pos) ? pos : text.indexOf(f, pos);
      const sp = at >= 0 ? at : pos;
      d.ws.push(base + sp);
      d.we.push(base + sp + (at >= 0 ? f.length : 0));
      if (at >= 0) pos = sp + f.length;
    }
    for (let i = 0; i < s.form.length; i++) {
      d.upos.push(s.upos[i]);
      d.head.push(s.head[i] < 0 ? -1 : first + s.head[i]);
      d.deprel.push(s.deprel[i]);
    }
    d.sents.push([base, base + text.length]);
  }
  return docs;
}

const f1 = (ok: number, pred: number, gold: number): number => (pred + gold === 0 ? 0 : (200 * ok) / (pred + gold));

export function scoreRaw(model: SyntaxModel, sentences: readonly ConlluSentence[]): RawScores {
  let tokOk = 0, tokPred = 0, tokGold = 0, sOk = 0, sPred = 0, sGold = 0, uposOk = 0, uasOk = 0, lasOk = 0;
  for (const d of docsOf(sentences)) {
    const gold = new Map<string, number>();
    for (let i = 0; i < d.ws.length; i++) if (d.we[i] > d.ws[i]) gold.set(d.ws[i] + ':' + d.we[i], i);
    tokGold += d.ws.length;
    const goldSents = new Set(d.sents.map(([a, b]) => a + ':' + b));
    sGold += goldSents.size;
    const seg = segment(d.text);
    tokPred += seg.tokens.length;
    sPred += seg.sentences.length;
    const key = (t: number): string => seg.tokens.start[t] + ':' + seg.tokens.end[t];
    for (const s of seg.sentences) {
      if (goldSents.has(s.start + ':' + s.end)) sOk++;
      const words: string[] = [];
      for (let t = s.tokenStart; t < s.tokenEnd; t++) words.push(d.text.slice(seg.tokens.start[t], seg.tokens.end[t]));
      const r = model.analyse(words);
      for (let k = 0; k < words.length; k++) {
        const g = gold.get(key(s.tokenStart + k));
        if (g === undefined) continue;
        tokOk++;
        if (r.upos[k] === d.upos[g]) uposOk++;
        const ph = r.head[k] < 0 ? -1 : gold.get(key(s.tokenStart + r.head[k])) ?? -2;
        if (ph === d.head[g]) {
          uasOk++;
          if (r.deprel[k] === d.deprel[g]) lasOk++;
        }
      }
    }
  }
  return {
    tokenF1: f1(tokOk, tokPred, tokGold),
    sentenceF1: f1(sOk, sPred, sGold),
    uposF1: f1(uposOk, tokPred, tokGold),
    uasF1: f1(uasOk, tokPred, tokGold),
    lasF1: f1(lasOk, tokPred, tokGold),
    goldTokens: tokGold,
    predTokens: tokPred,
  };
}
