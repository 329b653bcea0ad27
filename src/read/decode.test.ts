import { describe, expect, it } from 'vitest';
import { decodeText, decodeUtf8OrCp1252, sniffBytes, toUtf8Chunks } from './decode.js';

function utf16be(s: string): Buffer {
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1];
    be[i + 1] = le[i];
  }
  return be;
}

describe('sniffBytes', () => {
  it.each([
    ['empty', Buffer.alloc(0), { kind: 'empty' }],
    ['UTF-8', Buffer.from('hello café'), { kind: 'text', encoding: 'utf8', bomLength: 0 }],
    ['UTF-8 BOM', Buffer.from('\uFEFFhello'), { kind: 'text', encoding: 'utf8', bomLength: 3 }],
    ['UTF-16 LE BOM', Buffer.from('\uFEFFhello', 'utf16le'), { kind: 'text', encoding: 'utf16le', bomLength: 2 }],
    ['UTF-16 BE BOM', utf16be('\uFEFFhello'), { kind: 'text', encoding: 'utf16be', bomLength: 2 }],
    ['UTF-16 LE no BOM', Buffer.from('hello world', 'utf16le'), { kind: 'text', encoding: 'utf16le', bomLength: 0 }],
    ['UTF-16 BE no BOM', utf16be('hello world'), { kind: 'text', encoding: 'utf16be', bomLength: 0 }],
    ['Latin-1', Buffer.from([0x63, 0x61, 0x66, 0xe9]), { kind: 'text', encoding: 'utf8', bomLength: 0 }],
  ])('%s', (_name, bytes, expected) => {
    expect(sniffBytes(bytes)).toEqual(expected);
  });

  it('calls scattered NUL bytes binary', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]);
    expect(sniffBytes(png).kind).toBe('binary');
  });

  it('calls mostly control bytes binary', () => {
    const bytes = Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41)));
    expect(sniffBytes(bytes).kind).toBe('binary');
  });
});

describe('decoding', () => {
  it('decodes invalid UTF-8 as Windows-1252', () => {
    expect(decodeUtf8OrCp1252(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toEqual({ text: 'café', notUtf8: true });
    expect(decodeUtf8OrCp1252(Buffer.from([0x93, 0x68, 0x69, 0x94]))).toEqual({ text: '\u201chi\u201d', notUtf8: true });
    expect(decodeUtf8OrCp1252(Buffer.from('café'))).toEqual({ text: 'café', notUtf8: false });
  });

  it('decodes UTF-16 without the BOM', () => {
    const bytes = Buffer.from('\uFEFFcafé', 'utf16le');
    const sniff = sniffBytes(bytes);
    if (sniff.kind !== 'text') throw new Error('not text');
    expect(decodeText(bytes, sniff).text).toBe('café');
  });

  it('transcodes UTF-16 chunks split inside characters and surrogate pairs', async () => {
    const text = '\uFEFFa😀b café\n';
    const bytes = Buffer.from(text, 'utf16le');
    const sniff = sniffBytes(bytes);
    if (sniff.kind !== 'text') throw new Error('not text');
    async function* oneByteChunks() {
      for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
    }
    const out: Buffer[] = [];
    for await (const c of toUtf8Chunks(oneByteChunks(), sniff)) out.push(c);
    expect(Buffer.concat(out).toString('utf8')).toBe(text.slice(1));
  });
});
