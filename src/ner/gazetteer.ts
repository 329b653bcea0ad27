/**
 * Builds the token gazetteer stored inside the NER model from the Phoenix/PETRARCH2 actor
 * dictionaries (MIT): each lower-cased token of a dictionary name gets class bits
 * (person-name part, organisation-name part, place-name part, whole one-word place/organisation).
 * Used at training time only; the model file carries the resulting hash → bits table.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashLower, type Gazetteer } from './features.js';

export const GAZ_PER = 1;
export const GAZ_ORG = 2;
export const GAZ_LOC = 4;
export const GAZ_LOC_FULL = 8;
export const GAZ_ORG_FULL = 16;

const STOP = new Set([
  'the', 'of', 'and', 'a', 'an', 'in', 'on', 'for', 'to', 'at', 'by', 'with', 'from', 'de', 'la', 'le', 'el', 'al', 'du', 'des',
  'da', 'di', 'del', 'y', 'et', 'or', 'as', 'is', 'its', 'new', 'general', 'national', 'people', 'front', 'party', 'army',
  'council', 'forces', 'ministry', 'movement', 'group', 'government', 'republic', 'state', 'united', 'union', 'democratic',
  'islamic', 'revolutionary', 'liberation', 'organization', 'committee', 'minister', 'president', 'secretary', 'foreign',
]);

interface Entry {
  names: string[];
  codes: string;
  comment: string;
}

function classify(e: Entry, file: string): number {
  if (file.includes('MilNonState')) return GAZ_ORG;
  if (/\d{6}/.test(e.codes) || /CountryInfo|rulers/i.test(e.comment)) return GAZ_PER;
  if (file.includes('Countries') && /\[[A-Z]{3}\]/.test(e.codes)) return GAZ_LOC;
  return GAZ_ORG;
}

function readEntries(path: string): Entry[] {
  const out: Entry[] = [];
  let cur: Entry | null = null;
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    if (raw.startsWith('#') || raw.trim() === '') continue;
    const hash = raw.indexOf('#');
    const comment = hash >= 0 ? raw.slice(hash) : '';
    const line = hash >= 0 ? raw.slice(0, hash) : raw;
    const codes = (line.match(/\[[^\]]*\]/g) ?? []).join(' ');
    const name = line.replace(/\[[^\]]*\]/g, '').trim();
    if (/^\s/.test(raw)) {
      if (cur) cur.codes += ' ' + codes;
      continue;
    }
    if (name.startsWith('+')) {
      if (cur) cur.names.push(name.slice(1));
      if (cur) cur.codes += ' ' + codes;
      continue;
    }
    if (/^[A-Z0-9]/i.test(name)) {
      cur = { names: [name], codes, comment };
      out.push(cur);
    }
  }
  return out;
}

export function buildGazetteer(petrarchDir: string): Gazetteer {
  const gaz: Gazetteer = new Map();
  const files = ['Phoenix.Countries.actors.txt', 'Phoenix.International.actors.txt', 'Phoenix.MilNonState.actors.txt'];
  for (const f of files) {
    for (const e of readEntries(join(petrarchDir, f))) {
      const cls = classify(e, f);
      for (const n of e.names) {
        const toks = n
          .replace(/\([^)]*\)/g, ' ')
          .split(/[_\s]+/)
          .map((t) => t.replace(/^[^A-Za-z0-9\u00C0-\uFFFF]+|[^A-Za-z0-9.\u00C0-\uFFFF]+$/g, '').toLowerCase())
          .filter((t) => t.length > 1);
        const parts = toks.flatMap((t) => (t.includes('-') ? [t, ...t.split('-')] : [t])).filter((t) => t.length > 1);
        for (const t of parts) {
          if (STOP.has(t)) continue;
          const h = hashLower(t);
          let bits = (gaz.get(h) ?? 0) | cls;
          if (toks.length === 1 && cls === GAZ_LOC) bits |= GAZ_LOC_FULL;
          if (toks.length === 1 && cls === GAZ_ORG) bits |= GAZ_ORG_FULL;
          gaz.set(h, bits);
        }
      }
    }
  }
  return gaz;
}

const NAME_TITLES = new Set(['president', 'secretary', 'minister', 'king', 'queen', 'prince', 'general', 'gen.', 'mr.', 'dr.', 'sheikh', 'chairman', 'director', 'leader', 'spokesman', 'ambassador', 'governor', 'head', 'chief', 'envoy', 'official', 'officials', 'commander']);

const LOWER_WORDS = new Set(['of', 'the', 'and', 'for', 'in', 'on', 'al', 'el', 'bin', 'ibn', 'de', 'la', 'du', 'da', 'del', 'der', 'van', 'von', 'y', 'to', 'at']);

function titleCase(tok: string, first: boolean): string {
  const t = tok.toLowerCase();
  if (!first && LOWER_WORDS.has(t)) return t;
  if (tok.length <= 4 && !/[aeiou]/i.test(tok)) return tok.toUpperCase(); // acronyms: PKK, FSA
  return t
    .split('-')
    .map((p, i) => (i > 0 && LOWER_WORDS.has(p) ? p : p.charAt(0).toUpperCase() + p.slice(1)))
    .join('-');
}

/**
 * Names from the dictionaries as token arrays in title case, by type, for training-time mention
 * replacement (augmentation). Hyphenated parts are kept as one token.
 */
export function dictionaryNames(petrarchDir: string): { PER: string[][]; ORG: string[][]; LOC: string[][]; ARMED: string[][] } {
  const out = { PER: [] as string[][], ORG: [] as string[][], LOC: [] as string[][], ARMED: [] as string[][] };
  const files = ['Phoenix.Countries.actors.txt', 'Phoenix.International.actors.txt', 'Phoenix.MilNonState.actors.txt'];
  for (const f of files) {
    for (const e of readEntries(join(petrarchDir, f))) {
      const cls = classify(e, f);
      const names = cls === GAZ_LOC ? e.names.slice(0, 1) : e.names;
      for (const n of names) {
        if (/\d|[^A-Za-z_\-.'\u00C0-\u024F ]/.test(n.replace(/\([^)]*\)/g, ''))) continue;
        const toks = n
          .replace(/\([^)]*\)/g, ' ')
          .split(/[_\s]+/)
          .filter((t) => t.length > 0);
        if (toks.length === 0 || toks.length > 8) continue;
        if (toks[0].toLowerCase() === 'the') toks.shift();
        if (toks.length === 0) continue;
        while (toks.length > 1 && NAME_TITLES.has(toks[0].toLowerCase())) toks.shift();
        if (toks.some((t) => NAME_TITLES.has(t.toLowerCase())) && cls !== GAZ_ORG) continue;
        if (cls === GAZ_ORG && NAME_TITLES.has(toks[toks.length - 1].toLowerCase())) continue;
        if (cls === GAZ_PER && toks.some((t) => /^(republic|kingdom|ministry|party|army|state|government)$/i.test(t))) continue;
        const words = toks.map((t, i) => titleCase(t, i === 0));
        if (cls === GAZ_PER) out.PER.push(words);
        else if (cls === GAZ_LOC) out.LOC.push(words);
        else {
          out.ORG.push(words);
          if (f.includes('MilNonState') || /(REB|INS|MIL|UAF|SPY|OPP|RAD)/.test(e.codes)) out.ARMED.push(words);
        }
      }
    }
  }
  return out;
}
