/**
 * Document-level consistency for the NER tagger: a name tagged somewhere in a document is the
 * same name elsewhere in it (web threads and e-mails repeat names, often in lower case or in a
 * short sentence that alone gives no clue).
 *
 * Given the sentence-level spans of every sentence of one document:
 *  1. **type vote**: every span's type becomes the type its (lower-cased) string gets most often
 *     in the document (ties: the type the sentence-level tagger gave);
 *  2. **propagation**: every other occurrence of a tagged string (case-insensitive, whole
 *     tokens, longest names first) that no span covers or touches becomes a span of the voted
 *     type — except one-letter and very common words (`SKIP`: a tagged `Will` does not make every
 *     `will` a name). Lower-case repetitions count (`Miramar` … `miramar`): web text often drops
 *     capitals.
 */

export interface DocSpan {
  start: number;
  end: number;
  type: string;
}

/** Words never propagated on their own. */
const SKIP = new Set([
  'i', 'a', 'an', 'the', 'and', 'or', 'of', 'in', 'on', 'at', 'to', 'for', 'by', 'with', 'from', 'is', 'it', 'as', 'be', 'we', 'us',
  'he', 'she', 'my', 'me', 'you', 'do', 'if', 'so', 'no', 'not', 'all', 'may', 'will', 'can', 'am', 'are', 'was', 'mark', 'bill',
  'rich', 'grace', 'hope', 'joy', 'faith', 'sun', 'god', 'new', 'north', 'south', 'east', 'west', 'center', 'city', 'state', 's',
  "'s", '-', '.', ',', '"', "'", '(', ')', ':', ';', '/', '&',
]);

/** Returns new span lists (input lists are not modified). */
export function documentConsistency<S extends DocSpan>(sentences: readonly (readonly string[])[], spans: readonly (readonly S[])[]): S[][] {
  const lower = sentences.map((ws) => ws.map((w) => w.toLowerCase()));
  const votes = new Map<string, Map<string, number>>();
  for (let i = 0; i < sentences.length; i++) {
    for (const sp of spans[i]) {
      const key = lower[i].slice(sp.start, sp.end).join(' ');
      let v = votes.get(key);
      if (!v) votes.set(key, (v = new Map()));
      v.set(sp.type, (v.get(sp.type) ?? 0) + 1);
    }
  }
  if (votes.size === 0) return spans.map((s) => s.slice());
  const best = new Map<string, string>();
  for (const [k, v] of votes) {
    let bt = '';
    let bn = -1;
    for (const [t, n] of v) {
      if (n > bn) {
        bn = n;
        bt = t;
      }
    }
    best.set(k, bt);
  }
  const names = [...best.keys()]
    .map((k) => k.split(' '))
    .filter((toks) => !(toks.length === 1 && (SKIP.has(toks[0]) || toks[0].length < 2)))
    .sort((a, b) => b.length - a.length || (a.join(' ') < b.join(' ') ? -1 : 1));
  const out: S[][] = [];
  for (let i = 0; i < sentences.length; i++) {
    const w = lower[i];
    const cur: S[] = [];
    const taken = new Uint8Array(w.length + 1);
    for (const sp of spans[i]) {
      const voted = best.get(w.slice(sp.start, sp.end).join(' ')) ?? sp.type;
      const tied = (votes.get(w.slice(sp.start, sp.end).join(' '))?.get(sp.type) ?? 0) === (votes.get(w.slice(sp.start, sp.end).join(' '))?.get(voted) ?? 0);
      cur.push({ ...sp, type: tied ? sp.type : voted });
      for (let k = sp.start; k < sp.end; k++) taken[k] = 1;
    }
    for (const nt of names) {
      const key = nt.join(' ');
      for (let s0 = 0; s0 + nt.length <= w.length; s0++) {
        let ok = true;
        for (let k = 0; k < nt.length && ok; k++) if (w[s0 + k] !== nt[k] || taken[s0 + k]) ok = false;
        if (!ok) continue;
        if ((s0 > 0 && taken[s0 - 1]) || taken[s0 + nt.length]) continue;
        cur.push({ ...(spans[i][0] ?? {}), start: s0, end: s0 + nt.length, type: best.get(key)! } as S);
        for (let k = s0; k < s0 + nt.length; k++) taken[k] = 1;
      }
    }
    cur.sort((a, b) => a.start - b.start);
    out.push(cur);
  }
  return out;
}
