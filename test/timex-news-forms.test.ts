import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tagTimexes } from '../src/core/timex/index.js';

// Forms news uses that the TimeBank dev documents rarely do (issue 15). Sentences written for these tests.
// DCT 2018-01-11 is a Thursday.
const DCT = '2018-01-11';

/** "text|TYPE|value" for every expression, in order. */
function tags(text: string, dct = DCT): string[] {
  return tagTimexes(text, dct).map((t) => `${t.text}|${t.type}|${t.value}`);
}

test('named days: fixed, Easter-based, and from the Islamic, Hebrew and Chinese calendars', () => {
  assert.deepEqual(tags('Shops stayed open late on Christmas Eve.'), ['Christmas Eve|DATE|2017-12-24']);
  assert.deepEqual(tags('The parade was held on St. Patrick’s Day 2016.'), ['St. Patrick’s Day 2016|DATE|2016-03-17']);
  assert.deepEqual(tags('Retailers cut prices on Black Friday 2017.'), ['Black Friday 2017|DATE|2017-11-24']);
  assert.deepEqual(tags('The church was full on Ash Wednesday 2016.'), ['Ash Wednesday 2016|DATE|2016-02-10']);
  assert.deepEqual(tags('Families gathered for Hanukkah 2017.'), ['Hanukkah 2017|DATE|2017-12-13']);
  assert.deepEqual(tags('Markets closed for Chinese New Year 2018.'), ['Chinese New Year 2018|DATE|2018-02-16']);
  assert.deepEqual(tags('The ceasefire will hold through Eid al-Fitr.'), ['Eid al-Fitr|DATE|2018-06-15']);
  // A month-long observance is the month holding its middle.
  assert.deepEqual(tags('Talks will pause during Ramadan.'), ['Ramadan|DATE|2018-05']);
});

test('a weekday beside a date picks the year in which they agree', () => {
  // Jan. 7 is a Sunday in 2018 and a Monday in 2019.
  assert.deepEqual(tags('The trial will open on Monday, Jan. 7.'), ['Monday, Jan. 7|DATE|2019-01-07']);
  assert.deepEqual(tags('The trial opened on Friday, Dec. 29.'), ['Friday, Dec. 29|DATE|2017-12-29']);
});

test('pairs and ranges share the year written once', () => {
  assert.deepEqual(tags('Rain fell between March and May 2012.'), ['March|DATE|2012-03', 'May 2012|DATE|2012-05']);
  assert.deepEqual(tags('The fair ran March 3-5, 2011.'), ['March 3|DATE|2011-03-03', '5, 2011|DATE|2011-03-05']);
  assert.deepEqual(tags('He served from 2010 to 2012.'), ['2010|DATE|2010', '2012|DATE|2012']);
});

test('split years, centuries in words, decades without an apostrophe', () => {
  assert.deepEqual(tags('He scored 30 goals in the 2010-11 season.'), ['2010-11|DATE|2010']);
  assert.deepEqual(tags('The mill dates from the nineteenth century.'), ['the nineteenth century|DATE|18']);
  assert.deepEqual(tags('The band was big in the 90s.'), ['the 90s|DATE|199']);
});

test('fractions of units and unnumbered years ago', () => {
  assert.deepEqual(tags('The feud lasted half a century.'), ['half a century|DURATION|P50Y']);
  assert.deepEqual(tags('The plant closed a quarter-century ago.'), ['a quarter-century ago|DATE|1993']);
  assert.deepEqual(tags('The dam was built decades ago.'), ['decades ago|DATE|PAST_REF']);
  assert.deepEqual(tags('The clip was posted 5 hrs ago.'), ['5 hrs ago|DATE|2018-01-11']);
});

test('a four-digit number is a year after a preposition or before a word that is no plural', () => {
  assert.deepEqual(tags('In 2003 as a deputy, he voted against it.'), ['2003|DATE|2003']);
  assert.deepEqual(tags('The stadiums built for World Cup 2002 stand empty.'), ['2002|DATE|2002']);
  assert.deepEqual(tags('The treaty was signed in 1787.'), ['1787|DATE|1787']);
  assert.deepEqual(tags('Organisers counted 2003 protesters.'), []);
  assert.deepEqual(tags('The ship carried 1650 passengers.'), []);
});

test('clock times in wire style and day-first numeric dates', () => {
  assert.deepEqual(tags('Talks will resume at 1030 GMT on Friday.'), ['1030 GMT on Friday|TIME|2018-01-12T10:30']);
  assert.deepEqual(tags('The blast hit at 9:15 a.m. (0615 GMT).'), ['9:15 a.m.|TIME|2018-01-11T09:15']);
  assert.deepEqual(tags('The memo is dated 22/03/2013.'), ['22/03/2013|DATE|2013-03-22']);
});

test('seasons after a preposition, and the nouns and verbs that look like them', () => {
  assert.deepEqual(tags('The troops will deploy in early spring.'), ['early spring|DATE|2018-SP']);
  assert.deepEqual(tags('Shares posted a 5% fall in sales.'), []);
  assert.deepEqual(tags('Leaves fall as the days shorten.'), []);
  assert.deepEqual(tags('Critics praised the spring collection.'), []);
});

test('relative forms anchored on the text or the DCT', () => {
  assert.deepEqual(tags('A man died over the weekend after a fight.'), ['the weekend|DATE|2018-W01-WE']);
  assert.deepEqual(tags('Shares were priced at $38. A day later, they fell.'), ['A day|DURATION|P1D']);
  assert.deepEqual(tags('Troops entered on March 3, 2016. That night, the rebels fled.'), ['March 3, 2016|DATE|2016-03-03', 'That night|TIME|2016-03-03TNI']);
});

test('a month name after "the" is a month, except May', () => {
  assert.deepEqual(tags('The October vote was close.'), ['October|DATE|2017-10']);
  assert.deepEqual(tags('The March vote will be close.'), ['March|DATE|2018-03']);
  assert.deepEqual(tags('Critics of the May government spoke.'), []);
});
