/** Content fingerprints for de-duplication by the store. */

import { createHash } from 'node:crypto';

/** The text as compared: NFKC, lower-case, whitespace runs collapsed to one space, trimmed. */
export function normalizeForFingerprint(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** SHA-1 (hex) of the normalised text: equal for texts that differ only in case, spacing or Unicode form. */
export function fingerprint(text: string): string {
  return createHash('sha1').update(normalizeForFingerprint(text), 'utf8').digest('hex');
}
