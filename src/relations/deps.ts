/**
 * Arguments of a verb trigger read from the dependency tree (UD labels): nsubj / nsubj:pass,
 * obj, obl + case, xcomp and conj inherit their governor's subject, acl:relcl takes the noun it
 * modifies, acl (reduced relative: "groups backed by X") is passive, "by" marks the agent.
 */
import type { TriggerEntry } from './lexicon.js';
import type { SentenceView, Unit } from './view.js';

export interface TreeArguments {
  readonly subject: readonly Unit[];
  readonly object: readonly Unit[];
  readonly passive: boolean;
  readonly relcl: boolean;
  readonly reciprocal: boolean;
}

const base = (rel: string): string => rel.split(':')[0]!;

function children(v: SentenceView, h: number): number[] {
  const out: number[] = [];
  const head = v.syntax!.head;
  for (let i = 0; i < v.n; i++) if (head[i] === h) out.push(i);
  return out;
}

/** The words of the case marker(s) of a nominal ("against", "such as"). */
function caseOf(v: SentenceView, t: number): string {
  const cs = children(v, t).filter((c) => v.syntax!.deprel[c] === 'case' || v.syntax!.deprel[c] === 'fixed');
  return cs.map((c) => v.low[c]).join(' ');
}

const GENERIC = /^(forces?|troops?|army|military|government|regime|authorities|officials?|fighters?|militants?|rebels?|soldiers?|militias?|jets?|warplanes?|aircraft|drones?|police|units?|partners?|leadership|leaders?|commanders?|operatives?|terrorists?|members?|groups?|factions?)$/;

/** The units a nominal stands for: its own mention, its conjuncts, a modifier of a generic head, examples. */
export function unitsOf(v: SentenceView, t: number, depth = 0): Unit[] {
  if (t < 0 || depth > 4) return [];
  const out: Unit[] = [];
  const u = v.unitAt[t]!;
  const deprel = v.syntax!.deprel;
  if (u >= 0) out.push(...v.groupOf[u]!.units);
  else {
    const kids = children(v, t);
    if (GENERIC.test(v.low[t]!)) {
      for (const c of kids) {
        const r = deprel[c]!;
        if ((r === 'compound' || r === 'amod' || r === 'nmod:poss' || r === 'nmod') && v.unitAt[c]! >= 0) {
          const unit = v.units[v.unitAt[c]!]!;
          if (unit.after.length > 1) continue; // "U.S.-backed groups": the backer is not the group
          if (r === 'nmod' && !/^(of)$/.test(caseOf(v, c))) continue;
          out.push(unit);
        }
      }
    }
    // examples: "groups like A and B", "groups such as A", "groups, including A"
    for (const c of kids) {
      const r = deprel[c]!;
      if ((base(r) === 'nmod' || base(r) === 'acl' || base(r) === 'obl') && /^(like|such as|including|especially|notably|particularly)$/.test(caseOf(v, c) || v.low[c - 1] || '')) {
        out.push(...unitsOf(v, c, depth + 1));
      }
    }
  }
  // conjuncts
  for (const c of children(v, t)) if (deprel[c] === 'conj') for (const x of unitsOf(v, c, depth + 1)) if (!out.includes(x)) out.push(x);
  return out;
}

export function depArguments(v: SentenceView, start: number, _end: number, e: TriggerEntry): TreeArguments | undefined {
  const syn = v.syntax;
  if (!syn) return undefined;
  const h = start;
  const deprel = syn.deprel;
  let subject: Unit[] = [];
  let object: Unit[] = [];
  let passive = false, relcl = false, reciprocal = false;
  let agent: Unit[] = [];
  const kids = children(v, h);
  for (const c of kids) {
    const r = deprel[c]!;
    if (r === 'aux:pass') passive = true;
    if (r === 'nsubj:pass') {
      passive = true;
      subject = unitsOf(v, c);
    } else if (r === 'nsubj') subject = unitsOf(v, c);
    else if (r === 'obj' || r === 'iobj') {
      if (/^(other|another)$/.test(v.low[c]!)) reciprocal = true;
      else if (e.object && object.length === 0) object = unitsOf(v, c);
    } else if (base(r) === 'obl' || r === 'nmod') {
      const cs = caseOf(v, c);
      if (/^(other|another)$/.test(v.low[c]!)) {
        reciprocal = true;
        continue;
      }
      if (cs === 'by' || r === 'obl:agent') agent = unitsOf(v, c);
      else if (e.preps.some((p) => p.join(' ') === cs) && object.length === 0) object = unitsOf(v, c);
    }
  }
  // subject inherited through xcomp / conj / relative clause / reduced relative
  let cur = h, guard = 0;
  while (subject.length === 0 && guard++ < 4) {
    const r = deprel[cur]!;
    const up = syn.head[cur]!;
    if (up < 0) break;
    if (r === 'xcomp' || r === 'conj' || r === 'advcl' || r === 'ccomp' && false) {
      const sub = children(v, up).find((c) => deprel[c] === 'nsubj' || deprel[c] === 'nsubj:pass');
      if (sub !== undefined) {
        subject = unitsOf(v, sub);
        // "A was persuaded to attack B": the object of the governor controls an xcomp
        if (r === 'xcomp') {
          const o = children(v, up).find((c) => deprel[c] === 'obj');
          if (o !== undefined && unitsOf(v, o).length) subject = unitsOf(v, o);
        }
        break;
      }
      cur = up;
      continue;
    }
    if (r === 'acl:relcl') {
      relcl = true;
      subject = unitsOf(v, up);
      break;
    }
    if (r === 'acl' || r === 'amod') {
      // "groups backed by X": the modified noun is the patient
      passive = passive || /ed$|en$/.test(v.low[h]!);
      subject = unitsOf(v, up);
      break;
    }
    break;
  }
  if (passive) {
    if (agent.length === 0) return { subject: [], object: [], passive, relcl, reciprocal };
    return { subject: agent, object: subject, passive, relcl, reciprocal };
  }
  return { subject, object, passive, relcl, reciprocal };
}

// ---------------------------------------------------------------------------------------------
// Narrow uses of the tree by the surface reader (each measured on its own, docs/relations.md)

/** The trigger token and the verbs it is an open complement or conjunct of ("tried to attack"). */
function governors(v: SentenceView, t: number): number[] {
  const syn = v.syntax!;
  const out = [t];
  let cur = t;
  for (let k = 0; k < 3; k++) {
    const r = syn.deprel[cur]!;
    const up = syn.head[cur]!;
    if (up < 0 || (r !== 'xcomp' && r !== 'conj')) break;
    out.push(up);
    cur = up;
  }
  return out;
}

/** Subject units of the verb at t in the tree: its nsubj, or one inherited through xcomp / conj / relcl. */
export function treeSubject(v: SentenceView, t: number): { units: Unit[]; token: number } | undefined {
  const syn = v.syntax;
  if (!syn) return undefined;
  for (const h of governors(v, t)) {
    const s = children(v, h).find((c) => syn.deprel[c] === 'nsubj' || syn.deprel[c] === 'nsubj:pass');
    if (s !== undefined) return { units: unitsOf(v, s), token: s };
    if (syn.deprel[h] === 'acl:relcl' && syn.head[h]! >= 0) return { units: unitsOf(v, syn.head[h]!), token: syn.head[h]! };
  }
  return undefined;
}

/** The verb at t is passive in the tree: aux:pass / nsubj:pass, or a participle modifying a noun with a "by" agent. */
export function treePassive(v: SentenceView, t: number): boolean | undefined {
  const syn = v.syntax;
  if (!syn) return undefined;
  const kids = children(v, t);
  if (kids.some((c) => syn.deprel[c] === 'aux:pass' || syn.deprel[c] === 'nsubj:pass')) return true;
  if ((syn.deprel[t] === 'acl' || syn.deprel[t] === 'amod') && /(ed|en)$/.test(v.low[t]!)) return kids.some((c) => syn.deprel[c] === 'obl:agent' || (base(syn.deprel[c]!) === 'obl' && caseOf(v, c) === 'by'));
  return false;
}

/** A negator ("not", "never", "n't") attached to the verb at t or a verb it complements. */
export function treeNegated(v: SentenceView, t: number): boolean | undefined {
  const syn = v.syntax;
  if (!syn) return undefined;
  for (const h of governors(v, t)) {
    for (const c of children(v, h)) {
      if (syn.deprel[c] !== 'advmod' && syn.deprel[c] !== 'neg' && syn.deprel[c] !== 'det') continue;
      const w = v.low[c]!;
      if (w === 'not' || w === "n't" || w === 'never' || (w === 'no' && syn.deprel[c] !== 'det')) return true;
    }
  }
  return false;
}

/** Objects of the verb at t coordinated further away than the surface sees ("attacked A in X and B"). */
export function treeObjects(v: SentenceView, t: number, e: TriggerEntry): Unit[] {
  const syn = v.syntax;
  if (!syn) return [];
  const out: Unit[] = [];
  for (const c of children(v, t)) {
    const r = syn.deprel[c]!;
    const ok = (r === 'obj' && e.object) || (base(r) === 'obl' && e.preps.some((p) => p.join(' ') === caseOf(v, c)));
    if (ok) for (const u of unitsOf(v, c)) if (!out.includes(u)) out.push(u);
  }
  return out;
}

/** Actors written as modifiers of the noun at t ("U.S. airstrikes", "the coalition's strikes"). */
export function modifierUnits(v: SentenceView, t: number): Unit[] {
  const syn = v.syntax;
  if (!syn) return [];
  const out: Unit[] = [];
  for (const c of children(v, t)) {
    const r = syn.deprel[c]!;
    if ((r === 'compound' || r === 'amod' || r === 'nmod:poss') && v.unitAt[c]! >= 0) {
      const u = v.units[v.unitAt[c]!]!;
      if (u.after.length > 1) continue;
      if (!out.includes(u)) out.push(u);
    }
  }
  return out;
}
