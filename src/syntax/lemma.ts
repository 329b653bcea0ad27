/**
 * Lemmatiser learnt from the treebank LEMMA column: a (form, UPOS) lexicon, then suffix
 * rewrite rules (strip k characters, append a string) keyed by UPOS and the word's last
 * characters for unseen words. Lemmas are lower-cased.
 */

export interface LemmaData {
  /** `lowerform\tUPOS` → lemma, only where the lemma differs from the lower-cased form. */
  lex: Record<string, string>;
  /** Known `lowerform\tUPOS` pairs whose lemma is the form itself. */
  same: string[];
  /** `UPOS\tsuffix` → `strip\tappend`. */
  rules: Record<string, string>;
}

const MAX_SUFFIX = 5;

export class LemmaLearner {
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly ruleCounts = new Map<string, Map<string, number>>();

  add(form: string, upos: string, lemma: string): void {
    const lf = form.toLowerCase();
    let ll = lemma.toLowerCase();
    if (ll === '_' || ll.length === 0) ll = lf;
    const key = lf + '\t' + upos;
    bump(this.counts, key, ll);
    let p = 0;
    while (p < lf.length && p < ll.length && lf.charCodeAt(p) === ll.charCodeAt(p)) p++;
    const rule = String(lf.length - p) + '\t' + ll.slice(p);
    for (let k = 0; k <= MAX_SUFFIX && k <= lf.length; k++) {
      bump(this.ruleCounts, upos + '\t' + lf.slice(lf.length - k), rule);
    }
  }

  finish(): LemmaData {
    const lex: Record<string, string> = {};
    const same: string[] = [];
    for (const [key, m] of this.counts) {
      const best = top(m)!;
      const lf = key.slice(0, key.indexOf('\t'));
      if (best[0] === lf) same.push(key);
      else lex[key] = best[0];
    }
    const bestOf = new Map<string, string>();
    for (const [key, m] of this.ruleCounts) {
      const best = top(m)!;
      let total = 0;
      for (const v of m.values()) total += v;
      if (best[1] >= 2 && best[1] >= 0.5 * total) bestOf.set(key, best[0]);
    }
    const rules: Record<string, string> = {};
    for (const [key, rule] of bestOf) {
      const tab = key.indexOf('\t');
      const suffix = key.slice(tab + 1);
      if (suffix.length > 0 && bestOf.get(key.slice(0, tab + 1) + suffix.slice(1)) === rule) continue;
      rules[key] = rule;
    }
    same.sort();
    return { lex, same, rules };
  }
}

function bump(m: Map<string, Map<string, number>>, key: string, val: string): void {
  let inner = m.get(key);
  if (!inner) m.set(key, (inner = new Map()));
  inner.set(val, (inner.get(val) ?? 0) + 1);
}

function top(m: Map<string, number>): [string, number] | undefined {
  let best: [string, number] | undefined;
  for (const [k, v] of m) if (!best || v > best[1] || (v === best[1] && k < best[0])) best = [k, v];
  return best;
}

export class Lemmatiser {
  private readonly lex: Map<string, string>;
  private readonly same: Set<string>;
  private readonly rules: Map<string, string>;

  constructor(data: LemmaData) {
    this.lex = new Map(Object.entries(data.lex));
    this.same = new Set(data.same);
    this.rules = new Map(Object.entries(data.rules));
  }

  lemma(form: string, upos: string): string {
    const lf = form.toLowerCase();
    const key = lf + '\t' + upos;
    const hit = this.lex.get(key);
    if (hit !== undefined) return hit;
    if (this.same.has(key)) return lf;
    if (upos === 'PROPN' || upos === 'NUM' || upos === 'PUNCT' || upos === 'SYM' || upos === 'X') return lf;
    for (let k = Math.min(MAX_SUFFIX, lf.length); k >= 0; k--) {
      const r = this.rules.get(upos + '\t' + lf.slice(lf.length - k));
      if (r === undefined) continue;
      const tab = r.indexOf('\t');
      const strip = Number(r.slice(0, tab));
      if (strip >= lf.length) return lf;
      return lf.slice(0, lf.length - strip) + r.slice(tab + 1);
    }
    return lf;
  }
}
