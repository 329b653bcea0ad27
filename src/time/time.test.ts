import { describe, expect, it } from 'vitest';
import { findTimes } from './index.js';

const cases: [string, string, string | null, string | null, boolean?][] = [
  // sentence, article date, expected start, expected end, durative
  ['They met last week.', '2014-11-17', '2014-11-10', '2014-11-16'],
  ['The group split from them in February.', '2014-11-17', '2014-02-01', '2014-02-28'],
  ['The group split from them in December.', '2014-11-17', '2013-12-01', '2013-12-31'],
  ['It backed down last year.', '2014-11-17', '2013-01-01', '2013-12-31'],
  ['For much of the past year, they fought.', '2014-11-17', '2013-11-17', '2014-11-17', true],
  ['They have fought since 2013.', '2015-06-10', '2013-01-01', '2015-06-10', true],
  ['The attack came on 3 February.', '2015-06-10', '2015-02-03', '2015-02-03'],
  ['The attack came on February 3, 2014.', '2015-06-10', '2014-02-03', '2014-02-03'],
  ['Talks opened in March 2013.', '2015-06-10', '2013-03-01', '2013-03-31'],
  ['Talks opened in early 2014.', '2015-06-10', '2014-01-01', '2014-05-31'],
  ['The ceasefire was agreed on Tuesday.', '2016-02-27', '2016-02-23', '2016-02-23'],
  ['They clashed two weeks ago.', '2016-02-27', '2016-02-10', '2016-02-16'],
  ['Earlier this year the group pledged allegiance.', '2015-06-10', '2015-01-01', '2015-06-10'],
  ['They attacked yesterday.', '2016-01-01', '2015-12-31', '2015-12-31'],
  ['They have fought each other for more than a year.', '2015-04-07', '2014-04-07', '2015-04-07', true],
  ['The town has been besieged for three months.', '2015-04-07', '2015-01-07', '2015-04-07', true],
  ['No time here at all.', '2016-01-01', null, null],
];

describe('findTimes', () => {
  it.each(cases)('%s (%s)', (sentence, date, start, end, durative) => {
    const found = findTimes(sentence, 100, date);
    if (start === null) {
      expect(found).toEqual([]);
      return;
    }
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]!.span.start).toBe(start);
    expect(found[0]!.span.end).toBe(end);
    expect(found[0]!.durative).toBe(durative === true);
    expect(found[0]!.start).toBeGreaterThanOrEqual(100);
    expect(sentence.slice(found[0]!.start - 100, found[0]!.end - 100)).toBe(found[0]!.span.text);
  });

  it('never dates an event after the article (past bias)', () => {
    expect(findTimes('It happened on 30 February.', '2015-06-10', '2015-06-10')).toEqual([]);
    for (const t of findTimes('this week, this month, this year, in June', 0, '2015-06-10')) {
      expect(t.span.end <= '2015-06-10').toBe(true);
    }
  });
});
