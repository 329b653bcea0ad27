/** Content fingerprints for de-duplication by the store. */

import { createHash } from 'node:crypto';

/** The text as compared: NFKC, lower-case, whitespace runs collapsed to one space, trimmed. */
export function normalizeForFingerprint(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Texts longer than this are normalised and hashed a piece at a time (same hash, bounded memory). */
const PIECE = 1 << 20;

/** SHA-1 (hex) of the normalised text: equal for texts that differ only in case, spacing or Unicode form. */
export function fingerprint(text: string): string {
  const h = createHash('sha1');
  if (text.length <= PIECE) return h.update(normalizeForFingerprint(text), 'utf8').digest('hex');
  // NOTE: normalising a 50 MB text at once takes ≈ 1 GB (several full-length copies). Pieces end
  // after an ASCII white-space character and before an ASCII character: NFKC never joins across
  // such a point, a final sigma's context never reaches past white space, and runs of white space
  // across the cut are joined below; so the hash is the one of the whole text normalised at once.
  let started = false, space = false;
  for (let at = 0; at < text.length; ) {
    const end = pieceEnd(text, at);
    const part = text.slice(at, end).normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
    at = end;
    let from = 0, to = part.length;
    if (part.startsWith(' ')) {
      space = started;
      from = 1;
    }
    const trailing = to > from && part.endsWith(' ');
    if (trailing) to--;
    if (to > from) {
      if (space) h.update(' ', 'utf8');
      h.update(part.slice(from, to), 'utf8');
      started = true;
      space = false;
    }
    if (trailing) space = started;
  }
  return h.digest('hex');
}

/** Where the piece starting at `at` ends: a safe cut point near `at + PIECE`, or the text's end. */
function pieceEnd(text: string, at: number): number {
  if (text.length - at <= PIECE) return text.length;
  const safe = (p: number): boolean => {
    const before = text.charCodeAt(p - 1);
    return (before === 32 || before === 10 || before === 13 || before === 9) && text.charCodeAt(p) < 0x80;
  };
  for (let p = at + PIECE; p > at + (PIECE >> 1); p--) if (safe(p)) return p;
  for (let p = at + PIECE + 1; p < text.length; p++) if (safe(p)) return p;
  return text.length;
}
