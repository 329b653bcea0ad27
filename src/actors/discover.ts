/**
 * Discovery of actor-like names the dictionary does not know, from the shape of the words
 * (the NER model finds the others):
 *
 *   - Arabic group-name heads followed by a name: "Liwa al-Haqq", "Jaysh al-Islam", "Harakat Nour al-Din"
 *     (Jabhat, Harakat, Liwa, Ansar, Jaysh/Jaish, Katiba/Katibat, Kataib, Saraya, Alwiya, Tajammu,
 *     Firqat, Ahrar, Hay'at, Fawj, Faylaq, Jund, Asa'ib);
 *   - capitalised names ending in an organisation head: "Syrian Revolutionary Front", "Sultan Murad
 *     Brigade", "Popular Resistance Movement" (Front, Brigade(s), Movement, Army, Battalion, Forces,
 *     Militia, Division, Regiment, Corps, Legion, Guards, Alliance, Coalition, Party...);
 *   - numbered and named units: "1st Battalion, 5th Marines", "158th Fighter Wing", "Task Force Tiger",
 *     "CTF 50".
 *
 * A found name replaces dictionary mentions that are only adjectives inside it ("Syrian" in "Syrian
 * Revolutionary Front"), but never a dictionary name, and never a state adjective before words that
 * only say "armed forces" ("Jordanian Army" stays Jordan, as the dictionary conventions want).
 */
import type { Actor, Mention, Sentence, TokenTable } from '../types.js';
import { normaliseName } from './normalise.js';

const PREFIX = /^(jabhat|jabhet|jebhat|harakat|harakah|haraket|liwa|liwaa|ansar|jaysh|jaish|jeish|katiba|katibat|kataib|kata'ib|saraya|alwiya|alwiyat|tajammu|tajamu|firqat|firqa|ahrar|hay'at|hayat|hayaat|fawj|faylaq|jund|junud|asa'ib|asaib)$/;
const SUFFIX = /^(front|brigade|brigades|movement|army|battalion|battalions|forces|militia|militias|division|regiment|corps|legion|guard|guards|alliance|coalition|party|mujahideen|mujahidin|battery|squadron|wing|fleet|marines|infantry|cavalry|units|group|command)$/;
/** Words that only say "armed forces": a state adjective before them stays the state. */
const FORCE_WORDS = /^(army|armed|forces|force|navy|naval|air|military|special|security|police|troops|marines|national|guard|guards|border|coast|ground|land|royal|defence|defense|self-defence|self-defense|army's|government|command|central|joint|combined|operations|operation|component|task|headquarters|public|affairs|office|intelligence|services|service|agency|department|staff|the|of|and)$/;
/** Capitalised words that begin sentences but not names. */
const FUNCTION = /^(the|a|an|in|on|at|after|before|when|while|as|if|but|and|or|this|that|these|those|its|their|his|her|our|by|for|from|with|since|during|until|of|to|yesterday|today|meanwhile|however|also|some|many|most|both|each|every|where|who|what|which|whose|pro|anti)$/i;
/** Small words inside a name ("Army of Islam", "Front for the Liberation of..."). */
const INNER = /^(of|the|for|and|in|de|du|la|el|al|ad|as|ash|at|az|an|ar|ul|wa|bin|ibn|min|fi)$/;
const PARTICLE = /^(al|el|ad|as|ash|at|az|an|ar|ul|wa|bin|ibn|abu|abi|umm)[-‐'’]/i;
const PREFIXES = new Set(PREFIX.source.slice(2, -2).split('|'));
const SUFFIXES = new Set(SUFFIX.source.slice(2, -2).split('|'));
const ORDINAL = /^\d+(st|nd|rd|th)$/i;
const NUMBER = /^\d+(-\d+)?$/;

/**
 * A dictionary mention that is a state's or people's adjective or short form ("Syrian", "Kurdish",
 * "U.S."), one token, not the country's name itself ("Iraq").
 */
export function isAdjective(m: Mention, getActor: (id: string) => Actor | undefined): boolean {
  const a = m.actor ? getActor(m.actor) : undefined;
  if (!a || m.via !== 'dictionary' || m.entity === 'PER' || m.tokenEnd - m.tokenStart !== 1) return false;
  if (a.type !== 'state' && a.type !== 'population' && a.type !== 'coalition') return false;
  return normaliseName(m.text) !== normaliseName(a.name) && /^\p{Lu}/u.test(m.text);
}

const cap = (w: string): boolean => /^\p{Lu}/u.test(w);

export interface Discovery {
  /** New candidate mentions (actor null, via candidate). */
  readonly candidates: Mention[];
  /** Dictionary mentions the candidates replace (adjectives inside them). */
  readonly replaced: ReadonlySet<Mention>;
}

/**
 * Finds actor-like names in each sentence; `mentions` are the dictionary mentions found so far,
 * `getActor` gives their types.
 */
export function discoverNames(
  text: string,
  sentences: readonly Sentence[],
  tokens: TokenTable,
  mentions: readonly Mention[],
  getActor: (id: string) => Actor | undefined,
  lower?: readonly string[],
): Discovery {
  const candidates: Mention[] = [];
  const replaced = new Set<Mention>();
  const byTok = new Map<number, Mention[]>();
  for (const m of mentions) for (let t = m.tokenStart; t < m.tokenEnd; t++) {
    const a = byTok.get(t);
    if (a) a.push(m);
    else byTok.set(t, [m]);
  }
  const word = (t: number): string => text.slice(tokens.start[t]!, tokens.end[t]!);
  const lowAt = lower ? (t: number): string => lower[t]! : (t: number): string => word(t).toLowerCase().replace(/’/g, "'");
  for (const s of sentences) {
    const taken = new Uint8Array(s.tokenEnd - s.tokenStart);
    const spans: [number, number][] = [];
    for (let t = s.tokenStart; t < s.tokenEnd; t++) {
      const low = lowAt(t);
      // NOTE: every shape below starts with a prefix or suffix word, "task", or a C/J/T of "CTF"/"JTF"/"TF": skip the rest cheaply
      if (!PREFIXES.has(low) && !SUFFIXES.has(low) && low !== 'task') {
        const c = text.charCodeAt(tokens.start[t]!);
        if (c !== 67 && c !== 74 && c !== 84) continue;
      }
      const w = word(t);
      // ---- "Liwa al-Haqq", "Jaysh al-Islam"
      if (cap(w) && PREFIX.test(low)) {
        const e = prefixNameEnd(word, s, t);
        if (e > t + 1) spans.push([t, e]);
        continue;
      }
      // ---- "Task Force Tiger", "CTF 50", "CTF-150"
      if (/^task$/i.test(w) && cap(w) && t + 2 < s.tokenEnd && /^Force$/.test(word(t + 1)) && (cap(word(t + 2)) || NUMBER.test(word(t + 2)))) {
        spans.push([t, t + 3]);
        continue;
      }
      if (/^(C?J?TF|CTF|CJTF|JTF)$/.test(w) && t + 1 < s.tokenEnd && NUMBER.test(word(t + 1))) {
        spans.push([t, t + 2]);
        continue;
      }
      if (/^(CTF|JTF|CJTF|TF)-\d+$/.test(w)) {
        spans.push([t, t + 1]);
        continue;
      }
      // ---- "... Front", "158th Fighter Wing"
      if (cap(w) && SUFFIX.test(low)) {
        const [b, e] = suffixNameSpan(word, s, t);
        if (b < t || e > t + 1) spans.push([b, e]);
      }
    }
    if (spans.length) takeSpans(spans, s, taken, byTok, word, text, tokens, getActor, candidates, replaced);
  }
  return { candidates, replaced };
}

/** The end of an Arabic group name opened by a head word at token `t` ("Liwa al-Haqq"): t + 1 when none. */
function prefixNameEnd(word: (t: number) => string, s: Sentence, t: number): number {
  let e = t + 1;
  while (e < s.tokenEnd && e - t < 7) {
    const x = word(e);
    if (cap(x) || PARTICLE.test(x)) e++;
    else if (INNER.test(x.toLowerCase()) && e + 1 < s.tokenEnd && (cap(word(e + 1)) || PARTICLE.test(word(e + 1)))) e += 2;
    else break;
  }
  return e;
}

/**
 * The span of a name ending in an organisation head at token `t` ("Syrian Revolutionary Front",
 * "Army of Islam", "1st Battalion, 5th Marines"); [t, t + 1] when nothing joins it.
 * NOTE: the rare shapes are functions of their own: V8 re-compiles them, not the whole token loop, when one de-optimises.
 */
function suffixNameSpan(word: (t: number) => string, s: Sentence, t: number): [number, number] {
  let b = t;
  while (b - 1 >= s.tokenStart && t - b < 7) {
    const x = word(b - 1);
    if ((cap(x) && !FUNCTION.test(x)) || ORDINAL.test(x) || PARTICLE.test(x)) b--;
    else if (INNER.test(x.toLowerCase()) && b - 2 >= s.tokenStart && cap(word(b - 2)) && !FUNCTION.test(word(b - 2))) b -= 2;
    else break;
  }
  let e = t + 1;
  // "Army of Islam", "Front for the Liberation of Syria"
  while (e + 1 < s.tokenEnd && /^(of|for)$/.test(word(e)) && e - t < 6) {
    let k = e + 1;
    if (/^the$/i.test(word(k)) && k + 1 < s.tokenEnd) k++;
    if (!cap(word(k)) || FUNCTION.test(word(k))) break;
    while (k < s.tokenEnd && (cap(word(k)) || PARTICLE.test(word(k)))) k++;
    e = k;
  }
  // "1st Battalion, 5th Marines"
  if (ORDINAL.test(word(b)) && e + 2 < s.tokenEnd && word(e) === ',' && ORDINAL.test(word(e + 1))) {
    let k = e + 2;
    while (k < s.tokenEnd && cap(word(k)) && k - e < 5) k++;
    if (k > e + 2 && SUFFIX.test(word(k - 1).toLowerCase())) e = k;
  }
  return [b, e];
}

/** Turns a sentence's shape spans into candidates (longest first, none inside another or crossing a dictionary name). */
function takeSpans(
  spans: [number, number][], s: Sentence, taken: Uint8Array, byTok: ReadonlyMap<number, Mention[]>, word: (t: number) => string,
  text: string, tokens: TokenTable, getActor: (id: string) => Actor | undefined, candidates: Mention[], replaced: Set<Mention>,
): void {
  // longest first; drop spans inside others
  spans.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  for (let [b, e] of spans) {
    // "the U.S. 5th Fleet": the state owns a numbered unit; the name starts at the number
    for (let t = b; t < e - 1; t++) if (ORDINAL.test(word(t)) && t > b) {
      if ((byTok.get(t - 1) ?? []).some((m) => m.tokenEnd === t && isAdjective(m, getActor))) b = t;
      break;
    }
    if (taken.subarray(b - s.tokenStart, e - s.tokenStart).some((x) => x)) continue;
    const inside = new Set<Mention>();
    let blocked = false;
    for (let t = b; t < e; t++) for (const m of byTok.get(t) ?? []) {
      if (m.tokenStart < b || m.tokenEnd > e) blocked = true; // crosses the border
      else if (m.tokenStart === b && m.tokenEnd === e) blocked = true; // the dictionary knows it
      else inside.add(m);
    }
    if (blocked) continue;
    let adjectivesOnly = true;
    for (const m of inside) if (!isAdjective(m, getActor)) adjectivesOnly = false;
    if (!adjectivesOnly) continue;
    if (inside.size) {
      // "Jordanian Army", "Iraqi Security Forces": the state's own forces
      const rest: string[] = [];
      for (let t = b; t < e; t++) if (![...inside].some((m) => m.tokenStart <= t && t < m.tokenEnd)) rest.push(word(t).toLowerCase());
      if (rest.every((x) => FORCE_WORDS.test(x))) continue;
    }
    const start = tokens.start[b]!, end = tokens.end[e - 1]!;
    candidates.push({ sentence: s.index, start, end, text: text.slice(start, end), actor: null, via: 'candidate', entity: 'ORG', tokenStart: b, tokenEnd: e });
    for (const m of inside) replaced.add(m);
    taken.fill(1, b - s.tokenStart, e - s.tokenStart);
  }
}
