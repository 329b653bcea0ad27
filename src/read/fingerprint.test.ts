import { describe, expect, it } from 'vitest';
import { fingerprint, normalizeForFingerprint } from './fingerprint.js';

describe('fingerprint', () => {
  it('is a SHA-1 hex digest', () => {
    expect(fingerprint('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });
  it('ignores case, whitespace runs, surrounding space and Unicode compatibility forms', () => {
    const a = fingerprint('The  Islamic State\n\tand ﬁghters ');
    expect(fingerprint(' the islamic\u00a0state and fighters')).toBe(a);
    expect(normalizeForFingerprint('  A\r\n B  ')).toBe('a b');
  });
  it('differs for different texts', () => {
    expect(fingerprint('truce')).not.toBe(fingerprint('truce.'));
  });
});
