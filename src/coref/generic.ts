/**
 * Generic actor phrases and first-person pronouns, resolved to dictionary actors where the text
 * supports it. Runs before the pronoun pass of `index.ts`, so what it resolves can be an antecedent.
 *
 *   "coalition", "the Coalition", "coalition forces", "Coalition nations"
 *        → the nearest coalition named before; else the article's coalition; else the coalition
 *          fighting the article's dominant armed group (COALITION_AGAINST);
 *   "the regime", "government forces", "security forces", "the army", "the government"
 *        → the nearest government named before; else the government of the article's dominant
 *          country (a `government` actor of that country, else the state);
 *   "militants", "insurgents", "terrorists", "jihadists", "extremists", "gunmen", "fighters",
 *   "rebels", "the enemy", "the insurgency", "the terrorist group"
 *        → the nearest armed group named before (within the window); else the article's dominant
 *          armed group (most mentions, at least half of them); "rebels" prefers the dominant
 *          country's rebel collective ("Syrian rebels");
 *   "troops", "soldiers", "service members"
 *        → a state, government or coalition named in the same or the previous sentence only;
 *   "we", "us", "our", "ours", "ourselves" in a quotation
 *        → the speaker's organisation: the actor named in the attribution ("..., said a coalition
 *          spokesman", "Gen. X, commander of U.S. Central Command, said") or, for a quotation with
 *          no attribution of its own, the speaker of the nearest attributed quotation (3 sentences);
 *          outside quotations, the latest speaker within 3 sentences;
 *   "I", "me", "my" in a quotation → the speaker when the speaker is a person-name mention.
 *
 * Phrases that stay unresolved are not emitted (a bare "militants" is not a reviewable name).
 */
import type { WorkingDoc } from '../pipeline/stage.js';
import { lowerOf } from '../pipeline/stages.js';
import { mention } from '../pipeline/mention.js';
import type { Actor, Mention } from '../types.js';
import { candidateId, predicateSubjectEnd } from '../relations/view.js';

export interface GenericOptions {
  readonly getActor: (id: string) => Actor | undefined;
  /** Every dictionary actor (finds a country's government); optional. */
  readonly actors?: readonly Actor[];
  /** How many sentences back an antecedent may be (default 3). */
  readonly window?: number;
  /** Person id → the organisation the person speaks for (`resolvePersons`): "we" in that person's quotations. */
  readonly affiliation?: ReadonlyMap<string, string>;
  /** The organisation that issued the document (a press release's author): "we" with no other speaker. */
  readonly issuer?: string;
}

/** Which coalition fights which group: when an article's enemy is known, its bare "coalition" is this one. */
export const COALITION_AGAINST: Readonly<Record<string, string>> = {
  islamic_state: 'global_coalition_against_daesh',
  houthis: 'saudi_led_coalition',
};

type Kind = 'coalition' | 'government' | 'armed' | 'troops' | 'we' | 'i';

/** Nouns by which a text calls a group a coalition ("a coalition of seven groups", "an umbrella group"; not "alliance": "the coalition" rarely means it). */
const COALITION_NOUN = /^(coalition|umbrella|merger|federation|confederation)$/;
const COALITION_HEADS = new Set(['forces', 'troops', 'nations', 'countries', 'members', 'partners', 'aircraft', 'warplanes', 'jets', 'military']);
const GOV_PHRASES: readonly (readonly string[])[] = [
  ['regime', 'forces'], ['regime', 'troops'], ['regime'], ['government', 'forces'], ['government', 'troops'], ['pro-government', 'forces'],
  ['security', 'forces'], ['government'], ['army'], ['military'], ['navy'], ['air', 'force'], ['authorities'],
];
const ARMED = /^(militants|insurgents|terrorists|jihadists|extremists|gunmen|fighters|rebels|enemy|insurgency|jihadis|islamists|attackers|assailants)$/;
const ARMED_PHRASES: readonly (readonly string[])[] = [
  ['enemy', 'forces'], ['enemy', 'fighters'], ['terrorist', 'group'], ['terror', 'group'], ['militant', 'group'], ['jihadist', 'group'],
  ['extremist', 'group'], ['terrorist', 'organization'], ['terrorist', 'organisation'], ['rebel', 'forces'], ['rebel', 'fighters'],
];
const LOCATIVE = /^(in|at|near|from|to|into|across|inside|outside|around|toward|towards|through|over|throughout)$/;
const TROOPS = /^(troops|soldiers|servicemembers)$/;
const WE = /^(we|us|our|ours|ourselves)$/;
const I = /^(i|me|my|myself)$/;
const SAY = /^(said|says|say|added|adds|stated|states|told|tells|released|issued|explained|noted|announced|wrote|declared|insisted|warned|according|continued|concluded|remarked|commented|emphasized|emphasised|stressed)$/;
const OPEN = new Set(['“', '"', '«', '‘']);
const CLOSE = new Set(['”', '"', '»', '’']);

/**
 * Lower-cased words that can begin a phrase of this pass: a token not in here starts none.
 * NOTE: lets the per-token scan skip most words with one set lookup.
 */
const STARTS = new Set<string>([
  'coalition', 'service', 'enemy', 'insurgency', 'pro-government',
  ...GOV_PHRASES.map((p) => p[0]!), ...ARMED_PHRASES.map((p) => p[0]!),
  ...ARMED.source.slice(2, -2).split('|'), ...TROOPS.source.slice(2, -2).split('|'),
  ...WE.source.slice(2, -2).split('|'), ...I.source.slice(2, -2).split('|'),
]);
const SAYS = new Set(SAY.source.slice(2, -2).split('|'));

/** Per actor list: its actors by country, in list order (finds a country's government without a scan). */
const byCountryCache = new WeakMap<readonly Actor[], Map<string, Actor[]>>();
function actorsOfCountry(actors: readonly Actor[] | undefined, country: string): readonly Actor[] {
  if (!actors) return [];
  let m = byCountryCache.get(actors);
  if (!m) {
    m = new Map();
    for (const a of actors) {
      if (!a.country) continue;
      const l = m.get(a.country);
      if (l) l.push(a);
      else m.set(a.country, [a]);
    }
    byCountryCache.set(actors, m);
  }
  return m.get(country) ?? [];
}

/** Returns the input mentions plus the generic phrases and first-person pronouns it could resolve. */
export function resolveGenerics(doc: WorkingDoc, options: GenericOptions): Mention[] {
  const text = doc.article.text;
  const sentences = doc.sentences ?? [];
  const tokens = doc.tokens!;
  const input = doc.mentions ?? [];
  const window = options.window ?? 3;
  const typeOf = (id: string | null): Actor['type'] | undefined => (id ? options.getActor(id)?.type : undefined);
  const reporter = (id: string): boolean => options.getActor(id)?.reporter === true;
  // a predicate nominal ("X, one of the largest rebel factions") stands for its subject
  const resolved = input.filter((m) => m.actor !== null && !reporter(m.actor)).map((m) => {
    if (!/^\p{Ll}/u.test(m.text)) return m;
    const st = sentences[m.sentence];
    if (!st) return m;
    const k = predicateSubjectEnd(lowerOf(doc).slice(st.tokenStart, m.tokenStart + 1), m.tokenStart - st.tokenStart);
    const subj = k > 0 ? input.find((o) => o.sentence === m.sentence && o.tokenEnd === st.tokenStart + k && o.actor !== null) : undefined;
    return subj ? { ...m, actor: subj.actor } : m;
  });
  const covered = new Uint8Array(tokens.length);
  for (const m of input) for (let t = m.tokenStart; t < m.tokenEnd; t++) covered[t] = 1;
  const word = (t: number): string => text.slice(tokens.start[t]!, tokens.end[t]!);
  const L = lowerOf(doc);

  // ---- the article's context: dominant country, armed group, coalition
  const count = new Map<string, number>();
  for (const m of resolved) count.set(m.actor!, (count.get(m.actor!) ?? 0) + 1);
  const countries = new Map<string, number>();
  for (const [id, n] of count) {
    const a = options.getActor(id);
    if (a?.country && (a.type === 'state' || a.type === 'government' || a.type === 'population')) countries.set(a.country, (countries.get(a.country) ?? 0) + n);
  }
  const top = <K>(m: Map<K, number>): [K, number] | undefined => [...m].sort((a, b) => b[1] - a[1])[0];
  const dominantCountry = top(countries)?.[0];
  const ofType = (types: readonly Actor['type'][]): Map<string, number> => new Map([...count].filter(([id]) => types.includes(typeOf(id)!)));
  const armedCounts = ofType(['armed_group']);
  const armedTotal = [...armedCounts.values()].reduce((a, b) => a + b, 0);
  const topArmed = top(armedCounts);
  const dominantArmed = topArmed && topArmed[1] >= 2 && topArmed[1] * 2 >= armedTotal ? topArmed[0] : undefined;
  const rootOf = (id: string): string => {
    let a = options.getActor(id);
    for (let k = 0; a?.parent && k < 5; k++) a = options.getActor(a.parent);
    return a?.id ?? id;
  };
  /** "the coalition" stands for an actor that is called a coalition (not NATO, not "the West"). */
  // "The Islamic Front is a coalition of seven groups", "the SDF, an alliance of ...": the text calls it a coalition
  const textCoalitions = new Set<string>();
  for (const m of resolved) {
    if (m.entity === 'PER' || typeOf(m.actor) === 'person' || typeOf(m.actor) === 'state' || typeOf(m.actor) === 'population') continue;
    let k = m.tokenEnd;
    if (L[k] === ',' || L[k] === 'is' || L[k] === 'was' || L[k] === 'became') k++;
    else continue;
    if (L[k] !== 'a' && L[k] !== 'an' && L[k] !== 'the') continue;
    for (let j = k + 1; j <= k + 4 && j < L.length; j++) {
      if (COALITION_NOUN.test(L[j]!)) {
        textCoalitions.add(m.actor!);
        break;
      }
      if (!/^[a-z-]+$/.test(L[j]!)) break;
    }
  }
  const calledCoalition = (id: string | null): boolean => {
    if (id && textCoalitions.has(id)) return true;
    const a = id ? options.getActor(id) : undefined;
    return !!a && a.type === 'coalition' && [a.name, ...a.aliases].some((x) => /\bcoalition\b/i.test(x));
  };
  let articleCoalition = top(new Map([...count].filter(([id]) => calledCoalition(id))))?.[0];
  if (!articleCoalition) {
    for (const [id] of [...armedCounts].sort((a, b) => b[1] - a[1])) {
      const c = COALITION_AGAINST[id] ?? COALITION_AGAINST[rootOf(id)];
      if (c && options.getActor(c)) {
        articleCoalition = c;
        break;
      }
    }
  }
  const knownEnemy = [...armedCounts].sort((a, b) => b[1] - a[1]).map(([id]) => (COALITION_AGAINST[id] ? id : COALITION_AGAINST[rootOf(id)] ? rootOf(id) : undefined)).find((x) => x !== undefined);
  let countryGovernment: string | undefined;
  if (dominantCountry) {
    const ofCountry = actorsOfCountry(options.actors, dominantCountry);
    const govs = ofCountry.filter((a) => a.type === 'government' && !a.parent);
    const inText = govs.find((g) => count.has(g.id));
    countryGovernment = inText?.id ?? (govs.length === 1 ? govs[0]!.id : undefined) ??
      ofCountry.find((a) => a.type === 'state')?.id ??
      [...count.keys()].find((id) => options.getActor(id)?.country === dominantCountry && typeOf(id) === 'state');
  }
  const countryRebels = dominantCountry
    ? actorsOfCountry(options.actors, dominantCountry).find((a) => a.type === 'armed_group' && /\brebels\b/i.test(a.name))?.id
    : undefined;

  /** Nearest resolved mention before token `tok` whose type fits, within `back` sentences. */
  const nearest = (tok: number, sentence: number, back: number, fits: (m: Mention) => boolean): string | undefined => {
    let best: Mention | undefined;
    for (const m of resolved) {
      if (m.tokenStart >= tok || m.sentence < sentence - back) continue;
      if (!fits(m)) continue;
      if (!best || m.tokenStart > best.tokenStart) best = m;
    }
    return best?.actor ?? undefined;
  };

  /** Like `nearest`, among mentions (resolved or made here) that open their sentence. */
  const nearestSubject = (tok: number, sentence: number, back: number, fits: (m: Mention) => boolean): string | undefined => {
    const all = [...resolved, ...added].filter((m) => m.tokenStart < tok && m.sentence >= sentence - back && m.sentence < sentence && m.actor && fits(m));
    if (!all.length) return undefined;
    // the nearest sentence naming one; in it, the one opening the sentence
    const last = Math.max(...all.map((m) => m.sentence));
    const st = sentences[last];
    const opening = all.find((m) => m.sentence === last && st && m.tokenStart - st.tokenStart <= 1);
    return opening?.actor ?? undefined;
  };

  const idOf = (m: Mention): string => m.actor ?? candidateId(m.text);
  const issuer = (options.issuer && !reporter(options.issuer) ? options.issuer : undefined) ?? releaseAuthor();
  /** "according to a Combined Joint Task Force news release", "a CENTCOM press release": the organisation before "news/press release". */
  function releaseAuthor(): string | undefined {
    for (const m of input) {
      if (!m.actor || m.entity === 'PER' || reporter(m.actor) || typeOf(m.actor) === 'population' || typeOf(m.actor) === 'person') continue;
      const k = m.tokenEnd;
      if ((L[k] === 'news' || L[k] === 'press') && (L[k + 1] === 'release' || L[k + 1] === 'releases')) return m.actor;
    }
    return undefined;
  }
  // ---- quotations and their speakers
  const quoteOf = new Int32Array(tokens.length).fill(-1);
  /** Quotations: `speaker` is who speaks (an organisation named in the attribution first), `person` the person named there. */
  const quotes: { start: number; end: number; sentenceStart: number; sentenceEnd: number; speaker?: Mention; person?: Mention }[] = [];
  {
    let open = -1;
    const sentenceOfTok = new Int32Array(tokens.length);
    for (const s of sentences) sentenceOfTok.fill(s.index, s.tokenStart, s.tokenEnd);
    const close = (endTok: number): void => {
      if (open < 0) return;
      quotes.push({ start: open, end: endTok, sentenceStart: sentenceOfTok[open]!, sentenceEnd: sentenceOfTok[Math.max(open, endTok - 1)]! });
      quoteOf.fill(quotes.length - 1, open, endTok);
      open = -1;
    };
    for (let t = 0; t < tokens.length; t++) {
      // only one-character tokens are quotation marks
      const w = tokens.end[t]! - tokens.start[t]! === 1 ? text[tokens.start[t]!]! : '';
      if (open >= 0 && !OPEN.has(w) && hasNewline(text, tokens.end[t - 1] ?? 0, tokens.start[t]!)) close(t);
      if (w === '"' ? open < 0 : OPEN.has(w) && w !== '’' && (w !== '‘' || open < 0)) {
        if (open >= 0) close(t);
        open = t + 1;
      } else if (CLOSE.has(w) && open >= 0 && w !== '‘' && (w !== '’' || /\s|$/.test(text[tokens.end[t]!] ?? ' '))) close(t);
    }
    close(tokens.length);
  }
  const orgLike = (m: Mention): boolean => m.actor !== null && m.entity !== 'PER' && typeOf(m.actor) !== 'population' && typeOf(m.actor) !== 'person';
  for (const q of quotes) {
    // the attribution: the rest of the closing sentence after the quotation, or the opening sentence before it
    const spans: [number, number][] = [];
    const sEnd = sentences[q.sentenceEnd], sStart = sentences[q.sentenceStart];
    if (sEnd) spans.push([q.end, sEnd.tokenEnd]);
    if (sStart) spans.push([sStart.tokenStart, q.start]);
    for (const [a, b] of spans) {
      let says = false;
      for (let t = a; t < b; t++) if (quoteOf[t]! < 0 && SAYS.has(L[t]!)) says = true;
      if (!says) continue;
      // named actors, and persons the recogniser found (their id is the one the relation reader gives them)
      const inSpan = input.filter((m) => m.tokenStart >= a && m.tokenEnd <= b && (m.actor !== null ? !reporter(m.actor) : m.via === 'candidate' && m.entity === 'PER') && quoteOf[m.tokenStart]! < 0);
      const person = inSpan.find((m) => m.entity === 'PER' || typeOf(m.actor) === 'person');
      const speaker = inSpan.find(orgLike) ?? person;
      if (speaker) {
        q.speaker = speaker;
        if (person) q.person = person;
        break;
      }
    }
  }
  // a document that is one statement in quotation marks speaks with the issuer's voice throughout
  const isStatement = quotes.length > 0 && quotes.every((q) => !q.speaker);
  /** The speaker (or, with `person`, the person speaking) of the quotation holding token `tok`, or of the latest one before it. */
  const speakerAt = (tok: number, sentence: number, pick: 'speaker' | 'person' = 'speaker'): Mention | undefined => {
    const qi = quoteOf[tok]!;
    if (qi >= 0) {
      const q = quotes[qi]!;
      if (q.speaker) return q[pick];
      // a quotation with no attribution of its own: the nearest attributed one around it
      let best: (typeof quotes)[number] | undefined;
      for (const o of quotes) {
        if (!o.speaker) continue;
        const d = o.sentenceStart > q.sentenceEnd ? o.sentenceStart - q.sentenceEnd : q.sentenceStart - o.sentenceEnd;
        if (d < 0 || d > window) continue;
        if (!best || Math.abs(o.sentenceStart - sentence) < Math.abs(best.sentenceStart - sentence)) best = o;
      }
      return best?.[pick];
    }
    // outside quotations: the latest speaker shortly before
    let best: (typeof quotes)[number] | undefined;
    for (const o of quotes) if (o.speaker && o.end <= tok && o.sentenceEnd >= sentence - window && (!best || o.end > best.end)) best = o;
    return best?.[pick];
  };

  // ---- the phrases
  const added: Mention[] = [];
  const make = (s: number, a: number, b: number, actor: string): void => {
    const start = tokens.start[a]!, end = tokens.end[b - 1]!;
    added.push(mention(s, start, end, text.slice(start, end), actor, 'coreference', undefined, a, b));
    covered.fill(1, a, b);
  };
  const phraseAt = (t: number, end: number, phrases: readonly (readonly string[])[]): number => {
    for (const p of phrases) {
      if (t + p.length > end) continue;
      if (p.every((w, k) => L[t + k] === w && !covered[t + k])) return p.length;
    }
    return 0;
  };
  for (const s of sentences) {
    for (let t = s.tokenStart; t < s.tokenEnd; t++) {
      if (covered[t] || !STARTS.has(L[t]!)) continue;
      const w = word(t), lw = L[t]!;
      const prev = t > s.tokenStart ? L[t - 1]! : '';
      const hasThe = prev === 'the' && !covered[t - 1];
      const from = hasThe ? t - 1 : t;
      let kind: Kind | undefined;
      let len = 1;
      if (lw === 'coalition' && !/^(a|an|ruling|governing|electoral|opposition|grand|broad|new|another)$/.test(prev) && !/^(government|talks|partner|of)$/.test(L[t + 1] ?? '')) {
        kind = 'coalition';
        while (t + len < s.tokenEnd && len < 3 && COALITION_HEADS.has(L[t + len]!) && !covered[t + len]) len++;
        if (len > 1 && L[t + len - 1] === 'military') len--;
      } else if ((len = phraseAt(t, s.tokenEnd, ARMED_PHRASES))) kind = 'armed';
      else if ((len = phraseAt(t, s.tokenEnd, GOV_PHRASES)) && (hasThe || len > 1) && !/^(of|'s)$/.test(L[t + len] ?? '') && !/^[A-Z]/.test(w)) kind = 'government';
      else if (ARMED.test(lw) && (/^\p{Ll}/u.test(w) || t === s.tokenStart) && (lw !== 'enemy' || hasThe) && !/^(its|their|his|her)$/.test(prev) && !((lw === 'attackers' || lw === 'assailants') && !hasThe) && !(t > s.tokenStart && covered[t - 1] && !hasThe) && !/^(of)$/.test(prev) || (lw === 'enemy' && hasThe)) {
        kind = 'armed';
        len = 1;
      } else if ((TROOPS.test(lw) || (lw === 'service' && L[t + 1] === 'members')) && (/^\p{Ll}/u.test(w) || t === s.tokenStart) && !(t > s.tokenStart && covered[t - 1])) {
        kind = 'troops';
        len = lw === 'service' ? 2 : 1;
      } else if (WE.test(lw)) {
        kind = 'we';
        len = 1;
      } else if (I.test(lw) && (lw !== 'i' || w === 'I') && quoteOf[t]! >= 0) {
        kind = 'i';
        len = 1;
      }
      if (!kind || !len) continue;
      const a = kind === 'we' || kind === 'i' ? t : from, b = t + len;
      let actor: string | undefined;
      switch (kind) {
        case 'coalition':
          actor = nearest(t, s.index, window, (m) => calledCoalition(m.actor)) ?? articleCoalition;
          break;
        case 'government':
          actor = nearest(t, s.index, window, (m) => typeOf(m.actor) === 'government') ?? countryGovernment;
          break;
        case 'armed': {
          if (lw === 'rebels' && countryRebels) {
            actor = countryRebels;
            break;
          }
          if (lw === 'enemy' || prev === 'enemy') {
            // "the enemy" of the forces reporting: the armed group a coalition was formed against, else the dominant one
            actor = knownEnemy ?? dominantArmed;
            break;
          }
          {
            const armed = (m: Mention): boolean => typeOf(m.actor) === 'armed_group' && m.entity !== 'PER';
            // "the militants", "the attackers" across sentences: the armed group a sentence before was about
            // (its subject), rather than one named in passing at the end of it
            actor =
              nearest(t, s.index, 0, armed) ??
              (hasThe ? nearestSubject(t, s.index, window, armed) : undefined) ??
              nearest(t, s.index, window, armed) ??
              dominantArmed;
          }
          break;
        }
        case 'troops':
          // a place named after a preposition ("arrived in Erbil") is where they are, not whose they are
          actor = nearest(t, s.index, 1, (m) => {
            const ty = typeOf(m.actor);
            return (ty === 'state' || ty === 'government' || ty === 'coalition') && m.entity !== 'PER' && !(m.tokenStart > 0 && LOCATIVE.test(L[m.tokenStart - 1]!));
          });
          break;
        case 'we': {
          const sp = speakerAt(t, s.index);
          // the issuer's own voice: the issuer, or the coalition it speaks for, named shortly before
          const voice = (): string | undefined =>
            issuer ? nearest(t, s.index, window, (m) => m.actor === issuer || calledCoalition(m.actor)) ?? issuer : undefined;
          if (sp && orgLike(sp)) actor = sp.actor!;
          else if (sp?.actor && options.getActor(sp.actor)) actor = sp.actor; // a leader standing for a government
          else if (sp) actor = options.affiliation?.get(idOf(sp)) ?? voice();
          else if (quoteOf[t]! < 0 || isStatement) actor = voice();
          break;
        }
        case 'i': {
          // the person speaking, also when the attribution names an organisation first ("Gen. X, U.S. Central Command commander, said")
          const sp = speakerAt(t, s.index, 'person');
          actor = sp ? idOf(sp) : undefined;
          break;
        }
      }
      if (actor && !reporter(actor)) {
        make(s.index, a, b, actor);
        t = b - 1;
      }
    }
  }
  if (!added.length) return [...input];
  return [...input, ...added].sort((x, y) => x.start - y.start || y.end - x.end);
}

/** True when text[from, to) holds a line break. */
function hasNewline(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (text.charCodeAt(k) === 10) return true;
  return false;
}
