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
import { DocumentPass } from './pass.js';
import { mention } from '../pipeline/mention.js';
import type { Actor, Mention, Sentence } from '../types.js';
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
  const input = doc.mentions ?? [];
  const pass = new GenericPass(doc, options, input);
  for (const s of pass.sentences) pass.sentence(s);
  if (!pass.added.length) return [...input];
  return [...input, ...pass.added].sort((x, y) => x.start - y.start || y.end - x.end);
}

/** A quotation: `speaker` is who speaks (an organisation named in the attribution first), `person` the person named there. */
interface Quote {
  readonly start: number;
  readonly end: number;
  readonly sentenceStart: number;
  readonly sentenceEnd: number;
  speaker: Mention | undefined;
  person: Mention | undefined;
}

/**
 * The pass over one document.
 * NOTE: the article's context, the quotations and each kind of phrase are methods of their own (not
 * one function with closures): V8 optimises each on its own, so a rare input de-optimises one small
 * method and not the whole pass (which was re-compiled several times per worker).
 */
class GenericPass extends DocumentPass {
  readonly getActor: (id: string) => Actor | undefined;
  readonly affiliation: ReadonlyMap<string, string> | undefined;
  /** Resolved mentions (reporters left out); a predicate nominal ("X, one of the largest rebel factions") stands for its subject. */
  readonly resolved: Mention[];
  readonly covered: Uint8Array;
  readonly added: Mention[] = [];
  // ---- the article's context: dominant country, armed group, coalition
  readonly count = new Map<string, number>();
  dominantCountry: string | undefined;
  armedCounts = new Map<string, number>();
  dominantArmed: string | undefined;
  /** Actors the text calls a coalition ("The Islamic Front is a coalition of seven groups"). */
  readonly textCoalitions = new Set<string>();
  articleCoalition: string | undefined;
  knownEnemy: string | undefined;
  countryGovernment: string | undefined;
  countryRebels: string | undefined;
  readonly issuer: string | undefined;
  // ---- quotations and their speakers
  readonly quoteOf: Int32Array;
  readonly quotes: Quote[] = [];
  /** A document that is one statement in quotation marks speaks with the issuer's voice throughout. */
  readonly isStatement: boolean;

  constructor(doc: WorkingDoc, options: GenericOptions, readonly input: readonly Mention[]) {
    super(doc, options.window);
    this.getActor = options.getActor;
    this.affiliation = options.affiliation;
    this.resolved = this.resolvedMentions();
    this.covered = new Uint8Array(this.tokens.length);
    for (const m of input) for (let t = m.tokenStart; t < m.tokenEnd; t++) this.covered[t] = 1;
    this.countActors();
    this.findTextCoalitions();
    this.coalitionContext();
    this.countryContext(options.actors);
    this.issuer = (options.issuer && !this.reporter(options.issuer) ? options.issuer : undefined) ?? this.releaseAuthor();
    this.quoteOf = new Int32Array(this.tokens.length).fill(-1);
    this.findQuotes();
    this.findSpeakers();
    this.isStatement = this.quotes.length > 0 && this.quotes.every((q) => !q.speaker);
  }

  typeOf(id: string | null): Actor['type'] | undefined {
    return id ? this.getActor(id)?.type : undefined;
  }

  reporter(id: string): boolean {
    return this.getActor(id)?.reporter === true;
  }

  word(t: number): string {
    return this.text.slice(this.tokens.start[t]!, this.tokens.end[t]!);
  }

  resolvedMentions(): Mention[] {
    const { input, sentences, L } = this;
    return input.filter((m) => m.actor !== null && !this.reporter(m.actor)).map((m) => {
      if (!/^\p{Ll}/u.test(m.text)) return m;
      const st = sentences[m.sentence];
      if (!st) return m;
      const k = predicateSubjectEnd(L.slice(st.tokenStart, m.tokenStart + 1), m.tokenStart - st.tokenStart);
      const subj = k > 0 ? input.find((o) => o.sentence === m.sentence && o.tokenEnd === st.tokenStart + k && o.actor !== null) : undefined;
      return subj ? mention(m.sentence, m.start, m.end, m.text, subj.actor, m.via, m.entity, m.tokenStart, m.tokenEnd, m.group) : m;
    });
  }

  countActors(): void {
    const { count } = this;
    for (const m of this.resolved) count.set(m.actor!, (count.get(m.actor!) ?? 0) + 1);
    const countries = new Map<string, number>();
    for (const [id, n] of count) {
      const a = this.getActor(id);
      if (a?.country && (a.type === 'state' || a.type === 'government' || a.type === 'population')) countries.set(a.country, (countries.get(a.country) ?? 0) + n);
    }
    this.dominantCountry = top(countries)?.[0];
    this.armedCounts = new Map([...count].filter(([id]) => this.typeOf(id) === 'armed_group'));
    const armedTotal = [...this.armedCounts.values()].reduce((a, b) => a + b, 0);
    const topArmed = top(this.armedCounts);
    this.dominantArmed = topArmed && topArmed[1] >= 2 && topArmed[1] * 2 >= armedTotal ? topArmed[0] : undefined;
  }

  rootOf(id: string): string {
    let a = this.getActor(id);
    for (let k = 0; a?.parent && k < 5; k++) a = this.getActor(a.parent);
    return a?.id ?? id;
  }

  /** "The Islamic Front is a coalition of seven groups", "the SDF, an alliance of ...": the text calls it a coalition. */
  findTextCoalitions(): void {
    const L = this.L;
    for (const m of this.resolved) {
      if (m.entity === 'PER' || this.typeOf(m.actor) === 'person' || this.typeOf(m.actor) === 'state' || this.typeOf(m.actor) === 'population') continue;
      let k = m.tokenEnd;
      if (L[k] === ',' || L[k] === 'is' || L[k] === 'was' || L[k] === 'became') k++;
      else continue;
      if (L[k] !== 'a' && L[k] !== 'an' && L[k] !== 'the') continue;
      for (let j = k + 1; j <= k + 4 && j < L.length; j++) {
        if (COALITION_NOUN.test(L[j]!)) {
          this.textCoalitions.add(m.actor!);
          break;
        }
        if (!/^[a-z-]+$/.test(L[j]!)) break;
      }
    }
  }

  /** "the coalition" stands for an actor that is called a coalition (not NATO, not "the West"). */
  calledCoalition(id: string | null): boolean {
    if (id && this.textCoalitions.has(id)) return true;
    const a = id ? this.getActor(id) : undefined;
    return !!a && a.type === 'coalition' && [a.name, ...a.aliases].some((x) => /\bcoalition\b/i.test(x));
  }

  coalitionContext(): void {
    const armedByCount = [...this.armedCounts].sort((a, b) => b[1] - a[1]);
    let articleCoalition = top(new Map([...this.count].filter(([id]) => this.calledCoalition(id))))?.[0];
    if (!articleCoalition) {
      for (const [id] of armedByCount) {
        const c = COALITION_AGAINST[id] ?? COALITION_AGAINST[this.rootOf(id)];
        if (c && this.getActor(c)) {
          articleCoalition = c;
          break;
        }
      }
    }
    this.articleCoalition = articleCoalition;
    this.knownEnemy = armedByCount.map(([id]) => (COALITION_AGAINST[id] ? id : COALITION_AGAINST[this.rootOf(id)] ? this.rootOf(id) : undefined)).find((x) => x !== undefined);
  }

  countryContext(actors: readonly Actor[] | undefined): void {
    const { dominantCountry, count } = this;
    if (dominantCountry) {
      const ofCountry = actorsOfCountry(actors, dominantCountry);
      const govs = ofCountry.filter((a) => a.type === 'government' && !a.parent);
      const inText = govs.find((g) => count.has(g.id));
      this.countryGovernment = inText?.id ?? (govs.length === 1 ? govs[0]!.id : undefined) ??
        ofCountry.find((a) => a.type === 'state')?.id ??
        [...count.keys()].find((id) => this.getActor(id)?.country === dominantCountry && this.typeOf(id) === 'state');
    }
    this.countryRebels = dominantCountry
      ? actorsOfCountry(actors, dominantCountry).find((a) => a.type === 'armed_group' && /\brebels\b/i.test(a.name))?.id
      : undefined;
  }

  /** Nearest resolved mention before token `tok` whose type fits, within `back` sentences. */
  nearest(tok: number, sentence: number, back: number, fits: (m: Mention) => boolean): string | undefined {
    let best: Mention | undefined;
    for (const m of this.resolved) {
      if (m.tokenStart >= tok || m.sentence < sentence - back) continue;
      if (!fits(m)) continue;
      if (!best || m.tokenStart > best.tokenStart) best = m;
    }
    return best?.actor ?? undefined;
  }

  /** Like `nearest`, among mentions (resolved or made here) that open their sentence. */
  nearestSubject(tok: number, sentence: number, back: number, fits: (m: Mention) => boolean): string | undefined {
    const all = [...this.resolved, ...this.added].filter((m) => m.tokenStart < tok && m.sentence >= sentence - back && m.sentence < sentence && m.actor && fits(m));
    if (!all.length) return undefined;
    // the nearest sentence naming one; in it, the one opening the sentence
    const last = Math.max(...all.map((m) => m.sentence));
    const st = this.sentences[last];
    const opening = all.find((m) => m.sentence === last && st && m.tokenStart - st.tokenStart <= 1);
    return opening?.actor ?? undefined;
  }

  idOf(m: Mention): string {
    return m.actor ?? candidateId(m.text);
  }

  /** "according to a Combined Joint Task Force news release", "a CENTCOM press release": the organisation before "news/press release". */
  releaseAuthor(): string | undefined {
    const L = this.L;
    for (const m of this.input) {
      if (!m.actor || m.entity === 'PER' || this.reporter(m.actor) || this.typeOf(m.actor) === 'population' || this.typeOf(m.actor) === 'person') continue;
      const k = m.tokenEnd;
      if ((L[k] === 'news' || L[k] === 'press') && (L[k + 1] === 'release' || L[k + 1] === 'releases')) return m.actor;
    }
    return undefined;
  }

  findQuotes(): void {
    const { tokens, text, quotes, quoteOf } = this;
    let open = -1;
    const sentenceOfTok = new Int32Array(tokens.length);
    for (const s of this.sentences) sentenceOfTok.fill(s.index, s.tokenStart, s.tokenEnd);
    const close = (endTok: number): void => {
      if (open < 0) return;
      quotes.push({ start: open, end: endTok, sentenceStart: sentenceOfTok[open]!, sentenceEnd: sentenceOfTok[Math.max(open, endTok - 1)]!, speaker: undefined, person: undefined });
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

  orgLike(m: Mention): boolean {
    return m.actor !== null && m.entity !== 'PER' && this.typeOf(m.actor) !== 'population' && this.typeOf(m.actor) !== 'person';
  }

  findSpeakers(): void {
    const { sentences, quoteOf, L, input } = this;
    for (const q of this.quotes) {
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
        const inSpan = input.filter((m) => m.tokenStart >= a && m.tokenEnd <= b && (m.actor !== null ? !this.reporter(m.actor) : m.via === 'candidate' && m.entity === 'PER') && quoteOf[m.tokenStart]! < 0);
        const person = inSpan.find((m) => m.entity === 'PER' || this.typeOf(m.actor) === 'person');
        const speaker = inSpan.find((m) => this.orgLike(m)) ?? person;
        if (speaker) {
          q.speaker = speaker;
          if (person) q.person = person;
          break;
        }
      }
    }
  }

  /** The speaker (or, with `person`, the person speaking) of the quotation holding token `tok`, or of the latest one before it. */
  speakerAt(tok: number, sentence: number, pick: 'speaker' | 'person' = 'speaker'): Mention | undefined {
    const { quotes, window } = this;
    const qi = this.quoteOf[tok]!;
    if (qi >= 0) {
      const q = quotes[qi]!;
      if (q.speaker) return q[pick];
      // a quotation with no attribution of its own: the nearest attributed one around it
      let best: Quote | undefined;
      for (const o of quotes) {
        if (!o.speaker) continue;
        const d = o.sentenceStart > q.sentenceEnd ? o.sentenceStart - q.sentenceEnd : q.sentenceStart - o.sentenceEnd;
        if (d < 0 || d > window) continue;
        if (!best || Math.abs(o.sentenceStart - sentence) < Math.abs(best.sentenceStart - sentence)) best = o;
      }
      return best?.[pick];
    }
    // outside quotations: the latest speaker shortly before
    let best: Quote | undefined;
    for (const o of quotes) if (o.speaker && o.end <= tok && o.sentenceEnd >= sentence - window && (!best || o.end > best.end)) best = o;
    return best?.[pick];
  }

  make(s: number, a: number, b: number, actor: string): void {
    const { tokens } = this;
    const start = tokens.start[a]!, end = tokens.end[b - 1]!;
    this.added.push(mention(s, start, end, this.text.slice(start, end), actor, 'coreference', undefined, a, b));
    this.covered.fill(1, a, b);
  }

  phraseAt(t: number, end: number, phrases: readonly (readonly string[])[]): number {
    const { L, covered } = this;
    for (const p of phrases) {
      if (t + p.length > end) continue;
      if (p.every((w, k) => L[t + k] === w && !covered[t + k])) return p.length;
    }
    return 0;
  }

  /** The phrases of sentence `s`. */
  sentence(s: Sentence): void {
    const { L, covered } = this;
    for (let t = s.tokenStart; t < s.tokenEnd; t++) {
      if (covered[t] || !STARTS.has(L[t]!)) continue;
      const w = this.word(t), lw = L[t]!;
      const prev = t > s.tokenStart ? L[t - 1]! : '';
      const hasThe = prev === 'the' && !covered[t - 1];
      const from = hasThe ? t - 1 : t;
      let kind: Kind | undefined;
      let len = 1;
      if (lw === 'coalition' && !/^(a|an|ruling|governing|electoral|opposition|grand|broad|new|another)$/.test(prev) && !/^(government|talks|partner|of)$/.test(L[t + 1] ?? '')) {
        kind = 'coalition';
        while (t + len < s.tokenEnd && len < 3 && COALITION_HEADS.has(L[t + len]!) && !covered[t + len]) len++;
        if (len > 1 && L[t + len - 1] === 'military') len--;
      } else if ((len = this.phraseAt(t, s.tokenEnd, ARMED_PHRASES))) kind = 'armed';
      else if ((len = this.phraseAt(t, s.tokenEnd, GOV_PHRASES)) && (hasThe || len > 1) && !/^(of|'s)$/.test(L[t + len] ?? '') && !/^[A-Z]/.test(w)) kind = 'government';
      else if (ARMED.test(lw) && (/^\p{Ll}/u.test(w) || t === s.tokenStart) && (lw !== 'enemy' || hasThe) && !/^(its|their|his|her)$/.test(prev) && !((lw === 'attackers' || lw === 'assailants') && !hasThe) && !(t > s.tokenStart && covered[t - 1] && !hasThe) && !/^(of)$/.test(prev) || (lw === 'enemy' && hasThe)) {
        kind = 'armed';
        len = 1;
      } else if ((TROOPS.test(lw) || (lw === 'service' && L[t + 1] === 'members')) && (/^\p{Ll}/u.test(w) || t === s.tokenStart) && !(t > s.tokenStart && covered[t - 1])) {
        kind = 'troops';
        len = lw === 'service' ? 2 : 1;
      } else if (WE.test(lw)) {
        kind = 'we';
        len = 1;
      } else if (I.test(lw) && (lw !== 'i' || w === 'I') && this.quoteOf[t]! >= 0) {
        kind = 'i';
        len = 1;
      }
      if (!kind || !len) continue;
      const a = kind === 'we' || kind === 'i' ? t : from, b = t + len;
      const actor = this.actorFor(kind, s, t, lw, prev, hasThe);
      if (actor && !this.reporter(actor)) {
        this.make(s.index, a, b, actor);
        t = b - 1;
      }
    }
  }

  /** Whom the phrase of `kind` at token `t` of sentence `s` stands for. */
  actorFor(kind: Kind, s: Sentence, t: number, lw: string, prev: string, hasThe: boolean): string | undefined {
    const window = this.window;
    switch (kind) {
      case 'coalition':
        return this.nearest(t, s.index, window, (m) => this.calledCoalition(m.actor)) ?? this.articleCoalition;
      case 'government':
        return this.nearest(t, s.index, window, (m) => this.typeOf(m.actor) === 'government') ?? this.countryGovernment;
      case 'armed':
        return this.armedActor(s, t, lw, prev, hasThe);
      case 'troops':
        // a place named after a preposition ("arrived in Erbil") is where they are, not whose they are
        return this.nearest(t, s.index, 1, (m) => {
          const ty = this.typeOf(m.actor);
          return (ty === 'state' || ty === 'government' || ty === 'coalition') && m.entity !== 'PER' && !(m.tokenStart > 0 && LOCATIVE.test(this.L[m.tokenStart - 1]!));
        });
      case 'we':
        return this.weActor(s, t);
      case 'i': {
        // the person speaking, also when the attribution names an organisation first ("Gen. X, U.S. Central Command commander, said")
        const sp = this.speakerAt(t, s.index, 'person');
        return sp ? this.idOf(sp) : undefined;
      }
    }
  }

  armedActor(s: Sentence, t: number, lw: string, prev: string, hasThe: boolean): string | undefined {
    if (lw === 'rebels' && this.countryRebels) return this.countryRebels;
    if (lw === 'enemy' || prev === 'enemy') {
      // "the enemy" of the forces reporting: the armed group a coalition was formed against, else the dominant one
      return this.knownEnemy ?? this.dominantArmed;
    }
    const window = this.window;
    const armed = (m: Mention): boolean => this.typeOf(m.actor) === 'armed_group' && m.entity !== 'PER';
    // "the militants", "the attackers" across sentences: the armed group a sentence before was about
    // (its subject), rather than one named in passing at the end of it
    return (
      this.nearest(t, s.index, 0, armed) ??
      (hasThe ? this.nearestSubject(t, s.index, window, armed) : undefined) ??
      this.nearest(t, s.index, window, armed) ??
      this.dominantArmed
    );
  }

  weActor(s: Sentence, t: number): string | undefined {
    const { issuer, window } = this;
    const sp = this.speakerAt(t, s.index);
    // the issuer's own voice: the issuer, or the coalition it speaks for, named shortly before
    const voice = (): string | undefined =>
      issuer ? this.nearest(t, s.index, window, (m) => m.actor === issuer || this.calledCoalition(m.actor)) ?? issuer : undefined;
    if (sp && this.orgLike(sp)) return sp.actor!;
    if (sp?.actor && this.getActor(sp.actor)) return sp.actor; // a leader standing for a government
    if (sp) return this.affiliation?.get(this.idOf(sp)) ?? voice();
    if (this.quoteOf[t]! < 0 || this.isStatement) return voice();
    return undefined;
  }
}

const top = <K>(m: Map<K, number>): [K, number] | undefined => [...m].sort((a, b) => b[1] - a[1])[0];

/** True when text[from, to) holds a line break. */
function hasNewline(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (text.charCodeAt(k) === 10) return true;
  return false;
}
