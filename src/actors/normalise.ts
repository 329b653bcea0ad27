/**
 * Name normalisation shared by the dictionary loader (duplicate-alias checks) and the matcher.
 *
 * `normaliseName` folds the differences that news writing does not keep stable:
 * letter case, diacritics ("Ḥayʾat" = "Hayat"), dots and apostrophes ("Hay'at" = "Hayat",
 * "U.S." = "US"), hyphens and runs of whitespace. A hyphen is removed as a word separator,
 * i.e. it becomes a space, so "al-Nusra" = "Al Nusra" = "al Nusra" and "Guinea-Bissau" =
 * "Guinea Bissau" (the same equivalence the gold scorer uses); dictionaries therefore need not
 * list hyphen/space variants, only real spelling variants (Qaeda/Qaida, Nusra/Nusrah).
 */

/** Hyphens and dashes (ASCII hyphen-minus, Unicode hyphens, en/em dashes, minus sign). */
const HYPHENS = /[\u002D\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE63\uFF0D]/g;
/** Dots (full stop, one-dot leader, middle dot, fullwidth full stop). */
const DOTS = /[.\u2024\u00B7\uFF0E]/g;
/**
 * Apostrophes and the marks transliterations use for ayn/hamza: ASCII apostrophe, backtick,
 * acute, left/right single quotes, modifier letters (ʼ ʻ ʾ ʿ), prime, fullwidth apostrophe.
 */
const APOSTROPHES = /['`\u00B4\u2018\u2019\u201B\u02BC\u02BB\u02BE\u02BF\u2032\uFF07]/g;
/** Combining marks left after canonical decomposition. */
const COMBINING = /[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]/g;
const SPACES = /\s+/g;

/** Letters that do not decompose but have a plain ASCII reading. */
const FOLD: Readonly<Record<string, string>> = {
  ß: 'ss',
  ø: 'o',
  Ø: 'o',
  đ: 'd',
  Đ: 'd',
  ł: 'l',
  Ł: 'l',
  ı: 'i',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  þ: 'th',
  Þ: 'th',
  ð: 'd',
  Ð: 'd',
};
const FOLD_RE = /[ßøØđĐłŁıæÆœŒþÞðÐ]/g;

/**
 * Like `normaliseName` but keeps letter case: the key of a case-sensitive alias
 * ("IS" and "Is" differ, "U.S." and "US" do not).
 */
export function normaliseNameKeepCase(s: string): string {
  return s
    .normalize('NFKD')
    .replace(COMBINING, '')
    .replace(FOLD_RE, (c) => FOLD[c] ?? c)
    .replace(HYPHENS, ' ')
    .replace(DOTS, '')
    .replace(APOSTROPHES, '')
    .replace(SPACES, ' ')
    .trim();
}

/**
 * The comparison key of a name: case-folded, diacritics removed, dots and apostrophes removed,
 * hyphens turned into spaces, whitespace collapsed and trimmed.
 */
export function normaliseName(s: string): string {
  return normaliseNameKeepCase(s).toLowerCase();
}
