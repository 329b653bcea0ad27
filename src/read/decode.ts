/**
 * Bytes → text. Recognises UTF-8 (BOM stripped), UTF-16 LE/BE (with a BOM, or without one by the
 * pattern of NUL bytes) and binary content. Text that is not valid UTF-8 is decoded as
 * Windows-1252 by the caller, which reports a NOT_UTF8 warning.
 */

import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/** How many leading bytes are looked at to recognise the encoding. */
export const SNIFF_BYTES = 64 * 1024;

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be';

/** What the first bytes of a file say about it. */
export type Sniff =
  | { readonly kind: 'empty' }
  | { readonly kind: 'binary'; readonly reason: string }
  | { readonly kind: 'text'; readonly encoding: TextEncoding; readonly bomLength: number };

/** Share of control bytes (other than tab, line feed, form feed, carriage return, escape) above which content is binary. */
const MAX_CONTROL_SHARE = 0.05;

/** Recognises the encoding of content from its first bytes (at most `SNIFF_BYTES` are looked at). */
export function sniffBytes(bytes: Uint8Array): Sniff {
  if (bytes.length === 0) return { kind: 'empty' };
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { kind: 'text', encoding: 'utf8', bomLength: 3 };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { kind: 'text', encoding: 'utf16le', bomLength: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { kind: 'text', encoding: 'utf16be', bomLength: 2 };

  const n = Math.min(bytes.length, SNIFF_BYTES);
  let evenNul = 0;
  let oddNul = 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) {
      if (i & 1) oddNul++;
      else evenNul++;
    } else if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) || b === 0x7f) {
      control++;
    }
  }
  if (evenNul + oddNul > 0) {
    // NOTE: UTF-16 text that is mostly ASCII has a NUL in every other byte: odd positions for
    // little-endian, even positions for big-endian.
    const pairs = Math.max(1, n >> 1);
    if (oddNul >= pairs * 0.3 && evenNul <= oddNul * 0.02) return { kind: 'text', encoding: 'utf16le', bomLength: 0 };
    if (evenNul >= pairs * 0.3 && oddNul <= evenNul * 0.02) return { kind: 'text', encoding: 'utf16be', bomLength: 0 };
    return { kind: 'binary', reason: 'it contains NUL bytes and is not UTF-16 text' };
  }
  if (control > n * MAX_CONTROL_SHARE) return { kind: 'binary', reason: 'it is mostly control bytes' };
  return { kind: 'text', encoding: 'utf8', bomLength: 0 };
}

/** Decodes bytes that should be UTF-8; when they are not, decodes them as Windows-1252 and says so. */
export function decodeUtf8OrCp1252(bytes: Uint8Array): { readonly text: string; readonly notUtf8: boolean } {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buf)) return { text: buf.toString('utf8'), notUtf8: false };
  return { text: iconv.decode(buf, 'windows-1252'), notUtf8: true };
}

/** Decodes a whole file's bytes after `sniffBytes` said it is text. */
export function decodeText(bytes: Buffer, sniff: Extract<Sniff, { kind: 'text' }>): { readonly text: string; readonly notUtf8: boolean } {
  const body = bytes.subarray(sniff.bomLength);
  if (sniff.encoding === 'utf8') return decodeUtf8OrCp1252(body);
  return { text: iconv.decode(body, sniff.encoding, { stripBOM: false }), notUtf8: false };
}

/** Converts whole text bytes to UTF-8-compatible bytes (UTF-8 or single-byte), BOM removed. */
export function toUtf8Bytes(bytes: Buffer, sniff: Extract<Sniff, { kind: 'text' }>): Buffer {
  const body = bytes.subarray(sniff.bomLength);
  if (sniff.encoding === 'utf8') return body;
  return Buffer.from(iconv.decode(body, sniff.encoding, { stripBOM: false }), 'utf8');
}

/**
 * Streams byte chunks as UTF-8-compatible bytes: UTF-8 (and stray Windows-1252) bytes pass
 * through, UTF-16 is transcoded. Line breaks, commas and quotes keep their ASCII bytes, so
 * records can be split on bytes and each record decoded on its own.
 */
export async function* toUtf8Chunks(
  chunks: AsyncIterable<Buffer>,
  sniff: Extract<Sniff, { kind: 'text' }>,
): AsyncGenerator<Buffer> {
  let skip = sniff.bomLength;
  if (sniff.encoding === 'utf8') {
    for await (const chunk of chunks) {
      if (skip > 0) {
        const cut = Math.min(skip, chunk.length);
        skip -= cut;
        if (cut < chunk.length) yield chunk.subarray(cut);
      } else {
        yield chunk;
      }
    }
    return;
  }
  const decoder = iconv.getDecoder(sniff.encoding, { stripBOM: false });
  let held = '';
  const flush = (s: string, final: boolean): Buffer | undefined => {
    let text = held + s;
    held = '';
    // NOTE: keep a trailing high surrogate until its low half arrives with the next chunk.
    if (!final && text.length > 0) {
      const last = text.charCodeAt(text.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) {
        held = text.slice(-1);
        text = text.slice(0, -1);
      }
    }
    return text.length > 0 ? Buffer.from(text, 'utf8') : undefined;
  };
  for await (const chunk of chunks) {
    let part = chunk;
    if (skip > 0) {
      const cut = Math.min(skip, part.length);
      skip -= cut;
      part = part.subarray(cut);
    }
    const out = flush(decoder.write(part), false);
    if (out) yield out;
  }
  const out = flush(decoder.end() ?? '', true);
  if (out) yield out;
}
