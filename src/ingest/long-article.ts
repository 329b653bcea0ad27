/**
 * Over-long articles: a body longer than the per-article limit is cut into parts of at most the
 * limit, each processed as a document of its own, and the parts' results are put back together
 * as one processed article (offsets, sentence and token indexes shifted to the whole text).
 *
 * Parts end at a paragraph break where there is one in the second half of the part, else after a
 * sentence end (`.`, `!`, `?` then white space), else at white space, else at the limit. Sentences
 * never run across a paragraph break, so a cut there changes no sentence; what looks across
 * sentences (co-reference of a pronoun or description, names found by repetition within an
 * article) stops at the part's edge. Memory then stays bounded by the part, not by the article.
 */
import type { Pipeline } from '../pipeline/index.js';
import type { Article, Mention, ProcessedArticle, Relation, Sentence } from '../types.js';

/**
 * Default per-article limit, in megabytes of text (2^20 characters each): 256 K characters,
 * 2.5 times the longest text in the project's corpora (a 103 KB Wikipedia article; news articles
 * are 2-10 KB). Co-reference costs grow faster than the text within one document (per sentence,
 * a 1 MB document costs ≈ 10 times a 50 KB one; see docs/performance.md), so the limit keeps an
 * over-long text near the usual cost per sentence and its memory bounded by the part.
 */
export const DEFAULT_MAX_ARTICLE_MB = 0.25;

/** Characters for a limit in megabytes. */
export function maxArticleChars(mb: number): number {
  return Math.max(1, Math.floor(mb * 1024 * 1024));
}

/** Where to cut `text` into parts of at most `max` characters: the parts' start offsets (first is 0). */
export function partStarts(text: string, max: number): number[] {
  const starts = [0];
  let at = 0;
  while (text.length - at > max) {
    const end = at + max;
    const window = text.slice(at + (max >> 1), end);
    const base = at + (max >> 1);
    let cut = -1;
    const para = window.lastIndexOf('\n\n');
    if (para >= 0) cut = base + para + 2;
    if (cut < 0) {
      const re = /[.!?]["'’”)\]]*\s+/g;
      let m: RegExpExecArray | null, last = -1;
      while ((m = re.exec(window)) !== null) last = m.index + m[0].length;
      if (last > 0) cut = base + last;
    }
    if (cut < 0) {
      const ws = Math.max(window.lastIndexOf(' '), window.lastIndexOf('\n'), window.lastIndexOf('\t'));
      if (ws >= 0) cut = base + ws + 1;
    }
    if (cut <= at || cut > end) cut = end;
    // never between the two halves of a UTF-16 surrogate pair
    const c = text.charCodeAt(cut - 1);
    if (c >= 0xd800 && c <= 0xdbff) cut--;
    starts.push(cut);
    at = cut;
  }
  return starts;
}

/** Processes an article, in parts when its text is longer than `maxChars` (see the module comment). */
export function processArticle(pipeline: Pipeline, article: Article, maxChars: number): ProcessedArticle {
  if (article.text.length <= maxChars) return pipeline.process(article);
  const starts = partStarts(article.text, maxChars);
  const sentences: Sentence[] = [];
  const mentions: Mention[] = [];
  const relations: Relation[] = [];
  const tokenStarts: Uint32Array[] = [];
  const tokenEnds: Uint32Array[] = [];
  let tokens = 0;
  for (let i = 0; i < starts.length; i++) {
    const off = starts[i]!;
    const text = article.text.slice(off, starts[i + 1] ?? article.text.length);
    const p = pipeline.process({ ...article, text });
    const s0 = sentences.length, t0 = tokens;
    for (const s of p.sentences) {
      sentences.push({ ...s, index: s.index + s0, start: s.start + off, end: s.end + off, tokenStart: s.tokenStart + t0, tokenEnd: s.tokenEnd + t0 });
    }
    for (const m of p.mentions) {
      mentions.push({ ...m, sentence: m.sentence + s0, start: m.start + off, end: m.end + off, tokenStart: m.tokenStart + t0, tokenEnd: m.tokenEnd + t0 });
    }
    for (const r of p.relations) {
      relations.push({
        ...r,
        source: { ...r.source, start: r.source.start + off, end: r.source.end + off },
        target: { ...r.target, start: r.target.start + off, end: r.target.end + off },
        sentence: { ...r.sentence, index: r.sentence.index + s0, start: r.sentence.start + off, end: r.sentence.end + off },
      });
    }
    const st = p.tokens.start.slice(0, p.tokens.length), en = p.tokens.end.slice(0, p.tokens.length);
    for (let k = 0; k < st.length; k++) {
      st[k]! += off;
      en[k]! += off;
    }
    tokenStarts.push(st);
    tokenEnds.push(en);
    tokens += p.tokens.length;
  }
  const start = new Uint32Array(tokens), end = new Uint32Array(tokens);
  let k = 0;
  for (let i = 0; i < tokenStarts.length; i++) {
    start.set(tokenStarts[i]!, k);
    end.set(tokenEnds[i]!, k);
    k += tokenStarts[i]!.length;
  }
  return { article, sentences, tokens: { length: tokens, start, end }, mentions, relations };
}
