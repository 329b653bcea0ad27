import { describe, expect, it } from 'vitest';
import { compileDateFormat, expandTwoDigitYear, isRealDate, parseDate, parseIsoDay, type DateFormat } from './dates.js';

function fmt(source: string): DateFormat {
  const f = compileDateFormat(source);
  if (typeof f === 'string') throw new Error(f);
  return f;
}

describe('parseDate without a format', () => {
  it.each([
    ['2014-11-17', '2014-11-17'],
    [' 2014-11-17 ', '2014-11-17'],
    ['2014-11-17T23:30:00Z', '2014-11-17'],
    ['2014-11-17T23:30:00-05:00', '2014-11-17'],
    ['2014-11-17 08:15', '2014-11-17'],
    ['2014-11-17T08:15:00.123+0100', '2014-11-17'],
    ['2014/11/17', '2014-11-17'],
    ['2014-1-7', '2014-01-07'],
    ['5 April 2017', '2017-04-05'],
    ['05 Apr 2017', '2017-04-05'],
    ['Wed, 05 Apr 2017 10:00:00 GMT', '2017-04-05'],
    ['April 5, 2017', '2017-04-05'],
    ['Sept 30 2016', '2016-09-30'],
    ['2016-02-29', '2016-02-29'],
  ])('%s → %s', (value, date) => {
    expect(parseDate(value)).toEqual({ ok: true, date });
  });

  it.each([
    ['2014-02-30', false],
    ['2015-02-29', false],
    ['2014-13-01', false],
    ['4/5/17', false],
    ['yesterday', false],
    ['2014-11-17Tnoon', false],
    ['31 Foo 2017', false],
    ['', true],
    ['   ', true],
  ])('%s is rejected (missing: %s)', (value, missing) => {
    const r = parseDate(value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.missing).toBe(missing);
  });

  it('treats undefined and null as missing', () => {
    expect(parseDate(undefined)).toMatchObject({ ok: false, missing: true });
    expect(parseDate(null)).toMatchObject({ ok: false, missing: true });
  });
});

describe('parseDate with a format', () => {
  it.each([
    ['M/D/YY', '4/5/17', '2017-04-05'],
    ['M/D/YY', '12/31/69', '2069-12-31'],
    ['M/D/YY', '1/1/70', '1970-01-01'],
    ['M/D/YY', '04/05/17', '2017-04-05'],
    ['D/M/YYYY', '4/5/2017', '2017-05-04'],
    ['DD.MM.YYYY', '17.11.2014', '2014-11-17'],
    ['YYYY-MM-DD', '2014-11-17', '2014-11-17'],
    ['D MMM YYYY', '5 Apr 2017', '2017-04-05'],
    ['M/D/YY', '4/5/17 10:30', '2017-04-05'],
    // ISO 8601 stays accepted whatever the format
    ['M/D/YY', '2017-04-05', '2017-04-05'],
  ])('%s: %s → %s', (format, value, date) => {
    expect(parseDate(value, fmt(format))).toEqual({ ok: true, date });
  });

  it.each([
    ['M/D/YY', '2/30/14'],
    ['M/D/YY', '13/1/14'],
    ['M/D/YY', '4-5-17'],
    ['D/M/YYYY', '29/2/2015'],
  ])('%s: %s is rejected', (format, value) => {
    expect(parseDate(value, fmt(format)).ok).toBe(false);
  });

  it('rejects formats without year, month or day', () => {
    expect(typeof compileDateFormat('M/D')).toBe('string');
    expect(typeof compileDateFormat('YYYY-MM')).toBe('string');
    expect(typeof compileDateFormat('YYYY-MM-DD-YY')).toBe('string');
  });
});

describe('date helpers', () => {
  it('expands two-digit years around 1970', () => {
    expect([0, 14, 69, 70, 99].map(expandTwoDigitYear)).toEqual([2000, 2014, 2069, 1970, 1999]);
  });
  it('knows leap years and month lengths', () => {
    expect(isRealDate(2000, 2, 29)).toBe(true);
    expect(isRealDate(1900, 2, 29)).toBe(false);
    expect(isRealDate(2014, 4, 31)).toBe(false);
    expect(isRealDate(2014, 12, 31)).toBe(true);
  });
  it('parseIsoDay is strict', () => {
    expect(parseIsoDay('2014-11-17')).toEqual({ ok: true, date: '2014-11-17' });
    expect(parseIsoDay('2014-02-30').ok).toBe(false);
    expect(parseIsoDay('17 Nov 2014').ok).toBe(false);
  });
});
