/**
 * Punctuation: classes of punctuation forms, and the attachment of punctuation tokens to a
 * parsed tree of the other words.
 *
 * UD attaches a punctuation mark to the head of the phrase or clause it belongs to, without
 * crossing any other arc: paired marks (brackets, quotes) to the head of what they enclose, a
 * mark between two phrases to the one it belongs with (the lower of the two candidate heads,
 * see `attachPunctuation`). Given the gold trees of UD English EWT train without their
 * punctuation, this puts 97.2 % of the punctuation tokens back on their gold heads. The parser
 * parses the marks with the words (they are cues for the words' arcs), then re-attaches the
 * marks that delimit phrases (commas, colons, dashes, brackets, quotes) by this rule from the tree
 * it found; sentence-final marks and other symbols keep the parser's head (docs/syntax.md has the
 * figures).
 */
import { exactHash } from './lex.js';

/** Punctuation classes (0: not one of the listed forms). */
export const P_NONE = 0;
export const P_COMMA = 1;
/** `.` `!` `?` `…` and runs of them. */
export const P_FINAL = 2;
export const P_COLON = 3;
export const P_DASH = 4;
/** `"` and `'` (open or close by position). */
export const P_QUOTE = 5;
export const P_OPEN = 6;
export const P_CLOSE = 7;
export const P_OTHER = 8;

/** Paired marks: opening form → closing form. */
const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['(', ')'],
  ['[', ']'],
  ['{', '}'],
  ['“', '”'],
  ['‘', '’'],
  ['``', "''"],
  ['«', '»'],
];

const CLASS_OF = new Map<number, number>();
/** exact hash of a closing form → exact hash of its opening form, and back. */
const PARTNER = new Map<number, number>();
(() => {
  const put = (forms: string[], c: number): void => {
    for (const f of forms) CLASS_OF.set(exactHash(f), c);
  };
  put([',', '،'], P_COMMA);
  put(['.', '!', '?', '…', '..', '...', '....', '!!', '!!!', '??', '?!', '!?', '.?', '?.', '!.'], P_FINAL);
  put([':', ';'], P_COLON);
  put(['-', '–', '—', '--', '---', '―'], P_DASH);
  put(['"', "'"], P_QUOTE);
  for (const [o, c] of PAIRS) {
    put([o], P_OPEN);
    put([c], P_CLOSE);
    PARTNER.set(exactHash(o), exactHash(c));
    PARTNER.set(exactHash(c), exactHash(o));
  }
})();

/** Class of a token tagged PUNCT from its exact-form hash (`LexBuffer.exact`). */
export function punctClass(exact: number): number {
  const c = CLASS_OF.get(exact);
  if (c !== undefined) return c;
  return P_OTHER;
}

function isAncestor(head: Int32Array, a: number, x: number, n: number): boolean {
  for (let k = 0; k <= n && x >= 0; k++) {
    if (x === a) return true;
    x = head[x];
  }
  return false;
}

/**
 * Attaches the punctuation tokens marked in `isP` (leaves of the tree) of a sentence of `n`
 * tokens, writing their entries of `head` (−1 for the root). The other tokens' entries hold a
 * projective tree of them and are not changed. `exact` gives the forms' exact hashes (for
 * pairing brackets and quotes). With `delimitersOnly`, only the marks that delimit phrases inside
 * a sentence (commas, colons and semicolons, dashes, quotes, brackets) are attached; the others
 * (`P_FINAL`: `.` `?` `!` `…`; `P_OTHER`: `/` `*` `&` `>`…, which are no phrase delimiters in UD)
 * keep the head they have in `head`. At least one token must not be marked.
 */
export function attachPunctuation(n: number, isP: Uint8Array, exact: Int32Array, head: Int32Array, delimitersOnly = false): void {
  for (let p = 0; p < n; p++) {
    if (!isP[p]) continue;
    const c = punctClass(exact[p]);
    if (!(delimitersOnly && (c === P_FINAL || c === P_OTHER))) head[p] = DETACHED;
  }
  for (let p = 0; p < n; p++) {
    if (!isP[p] || head[p] !== DETACHED) continue;
    const h = enclosedHead(n, isP, exact, head, p);
    head[p] = h >= 0 ? h : betweenHead(n, isP, head, p);
  }
}
const DETACHED = -2;

/** The head of what a bracket or quote at `p` encloses with its partner, or −1. */
function enclosedHead(n: number, isP: Uint8Array, exact: Int32Array, head: Int32Array, p: number): number {
  const e = exact[p];
  const c = punctClass(e);
  let a = -1, b = -1;
  if (c === P_QUOTE) {
    // The same mark alternately opens and closes.
    let before = 0;
    for (let i = 0; i < p; i++) if (isP[i] && exact[i] === e) before++;
    if (before % 2 === 0) {
      for (let i = p + 1; i < n; i++) if (isP[i] && exact[i] === e) { a = p; b = i; break; }
    } else {
      for (let i = p - 1; i >= 0; i--) if (isP[i] && exact[i] === e) { a = i; b = p; break; }
    }
  } else if (c === P_OPEN || c === P_CLOSE) {
    const partner = PARTNER.get(e)!;
    const step = c === P_OPEN ? 1 : -1;
    let depth = 0;
    for (let i = p + step; i >= 0 && i < n; i += step) {
      if (!isP[i]) continue;
      if (exact[i] === e) depth++;
      else if (exact[i] === partner) {
        if (depth === 0) {
          a = Math.min(p, i);
          b = Math.max(p, i);
          break;
        }
        depth--;
      }
    }
  }
  if (a < 0 || b <= a + 1) return -1;
  let top = -1;
  for (let i = a + 1; i < b; i++) {
    if (isP[i] || (head[i] > a && head[i] < b)) continue;
    if (top >= 0) return -1; // not one phrase
    top = i;
  }
  return top;
}

/**
 * Between two phrases: from the nearest word on the left, climb while the head stays left of
 * `p`; from the nearest word on the right, while it stays right. Either candidate keeps the
 * tree projective; the mark goes with the lower one (a comma before a clause to that clause, a
 * comma after a modifier to the modifier; a final full stop to the root).
 */
function betweenHead(n: number, isP: Uint8Array, head: Int32Array, p: number): number {
  let l = p - 1;
  while (l >= 0 && isP[l]) l--;
  let r = p + 1;
  while (r < n && isP[r]) r++;
  if (l >= 0) while (head[l] >= 0 && head[l] < p) l = head[l];
  if (r < n) while (head[r] >= 0 && head[r] > p) r = head[r];
  else r = -1;
  if (l < 0) return r;
  if (r < 0) return l;
  if (isAncestor(head, r, l, n)) return l;
  if (isAncestor(head, l, r, n)) return r;
  return l;
}
