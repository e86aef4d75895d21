import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tagTimexes, timexPrecision } from '../src/core/timex/index.js';

// Sentences written for these tests. DCT 2018-01-11 is a Thursday.
const DCT = '2018-01-11';

/** "text|TYPE|value" for every expression, in order. */
function tags(text: string, dct = DCT): string[] {
  return tagTimexes(text, dct).map((t) => `${t.text}|${t.type}|${t.value}`);
}

test('explicit dates keep the precision the text gives', () => {
  assert.deepEqual(tags('The results, released March 22, 2013, were poor.'), ['March 22, 2013|DATE|2013-03-22']);
  assert.deepEqual(tags('The mill was founded in July 2014.'), ['July 2014|DATE|2014-07']);
  assert.deepEqual(tags('Prices have risen since 2012.'), ['2012|DATE|2012']);
  assert.deepEqual(tags('The accord was signed on 3 March 2015 in Geneva.'), ['3 March 2015|DATE|2015-03-03']);
  assert.deepEqual(tags('A filing dated 2016-05-04 shows the sale.'), ['2016-05-04|DATE|2016-05-04']);
  assert.deepEqual(tags('Payment is due 12/31/2019.'), ['12/31/2019|DATE|2019-12-31']);
  assert.deepEqual(tags('The union met on Monday, Jan. 8, to vote.'), ['Monday, Jan. 8|DATE|2018-01-08']);
});

test('weekday with a parenthesised date is one expression', () => {
  assert.deepEqual(tags('The minister resigned on Wednesday (10 January) after a vote.'), ['Wednesday (10 January)|DATE|2018-01-10']);
});

test('a month without a year takes the nearest year the tense allows', () => {
  assert.deepEqual(tags('Exports slumped in December, the bureau said.'), ['December|DATE|2017-12']);
  assert.deepEqual(tags('The factory shut in December last year.'), ['December last year|DATE|2017-12']);
  assert.deepEqual(tags('The new plant will open in March.'), ['March|DATE|2018-03']);
  assert.deepEqual(tags('The dividend is payable Feb. 2 to holders of record.'), ['Feb. 2|DATE|2018-02-02']);
  // "may" the verb is not a month
  assert.deepEqual(tags('Officials may decide later.'), []);
});

test('years, decades, centuries and seasons', () => {
  assert.deepEqual(tags('Growth was strong in the 1990s.'), ['the 1990s|DATE|199']);
  assert.deepEqual(tags('It is a relic of the 19th century.'), ['the 19th century|DATE|18']);
  assert.deepEqual(tags('The bridge reopens this summer.'), ['this summer|DATE|2018-SU']);
  assert.deepEqual(tags('Sales peaked in early 2009.'), ['early 2009|DATE|2009']);
  // amounts and counts that look like years are not years
  assert.deepEqual(tags('The firm employs 2000 people and paid $1999 in fees.'), []);
});

test('quarters and fiscal periods', () => {
  assert.deepEqual(tags('Profit rose in the third quarter of 2016.'), ['the third quarter of 2016|DATE|2016-Q3']);
  assert.deepEqual(tags('Net income fell in the fourth quarter.', '2018-11-20'), ['the fourth quarter|DATE|2018-Q4']);
  // a quarter that has not started at the DCT is last year's
  assert.deepEqual(tags('The company posted a fourth-quarter loss.'), ['fourth-quarter|DATE|2017-Q4']);
});

test('quarters, halves and fiscal years in business shorthand', () => {
  assert.deepEqual(tags('Results for Q3 2017 beat forecasts and FY2018 looks better.'), ['Q3 2017|DATE|2017-Q3', 'FY2018|DATE|2018']);
  assert.deepEqual(tags('It should open in the second half of 2018.'), ['the second half of 2018|DATE|2018-H2']);
  assert.deepEqual(tags('Profit fell from the year-earlier third quarter.'), ['the year-earlier third quarter|DATE|2017-Q3']);
});

test('spelled-out years, holidays and year end', () => {
  assert.deepEqual(tags('Prices last hit that level in the winter of nineteen ninety-four.'), ['the winter of nineteen ninety-four|DATE|1994-WI']);
  assert.deepEqual(tags('The law was passed by the year two thousand.'), ['the year two thousand|DATE|2000']);
  assert.deepEqual(tags('Voters will go to the polls on Election Day.', '2018-06-01'), ['Election Day|DATE|2018-11-06']);
  assert.deepEqual(tags('The shops were closed on Christmas Eve.'), ['Christmas Eve|DATE|2017-12-24']);
  assert.deepEqual(tags('The merger should close by year-end.'), ['year-end|DATE|2018']);
});

test('DCT-relative units: last month, this week, a year ago', () => {
  assert.deepEqual(tags('Sales fell last month.'), ['last month|DATE|2017-12']);
  assert.deepEqual(tags('The summit is this week.'), ['this week|DATE|2018-W02']);
  assert.deepEqual(tags('The deal was signed a year ago.'), ['a year ago|DATE|2017']);
  assert.deepEqual(tags('Earlier this year the board met twice.'), ['Earlier this year|DATE|2018']);
  assert.deepEqual(tags('Next year the rules change.'), ['Next year|DATE|2019']);
  assert.deepEqual(tags('Shares fell 4 percent over the past week.'), ['the past week|DATE|2018-W01']);
  // read on a weekday, "the weekend" is the one just past unless the text looks ahead
  assert.deepEqual(tags('Protests spread over the weekend.'), ['the weekend|DATE|2018-W01-WE']);
  assert.deepEqual(tags('Talks will resume this weekend.'), ['this weekend|DATE|2018-W02-WE']);
  assert.deepEqual(tags('The mine closed three years ago.'), ['three years ago|DATE|2015']);
});

test('anchored expressions follow the last mentioned date', () => {
  assert.deepEqual(tags('Early last year the firm hired a new chief. A few months later he quit.'), [
    'Early last year|DATE|2017',
    'A few months later|DATE|2017',
  ]);
  assert.deepEqual(tags('The trial began on 3 March 2015 and ended the following day.'), [
    '3 March 2015|DATE|2015-03-03',
    'the following day|DATE|2015-03-04',
  ]);
  assert.deepEqual(tags('Talks opened on June 2, 2016. Two weeks later they collapsed.'), [
    'June 2, 2016|DATE|2016-06-02',
    'Two weeks later|DATE|2016-06-16',
  ]);
  assert.deepEqual(tags('The plant had closed a few years beforehand.'), ['a few years beforehand|DATE|PAST_REF']);
  assert.deepEqual(tags('Rebels attacked on March 3, 2016. That night, troops left. The day before, talks had failed.'), [
    'March 3, 2016|DATE|2016-03-03',
    'That night|TIME|2016-03-03TNI',
    'The day before|DATE|2016-03-02',
  ]);
  assert.deepEqual(tags('The suspect was arrested Jan. 5 at 3:30 p.m. ET.'), ['Jan. 5|DATE|2018-01-05', '3:30 p.m. ET|TIME|2018-01-05T15:30']);
  assert.deepEqual(tags('The country joined the bloc in the 1990s; two decades later it is struggling.'), [
    'the 1990s|DATE|199',
    'two decades later|DATE|201',
  ]);
});

test('weekdays: past tense looks back, future tense looks ahead', () => {
  assert.deepEqual(tags('Fighting raged late Thursday and early Friday, officials said.', '2018-01-12'), [
    'late Thursday|DATE|2018-01-11',
    'early Friday|DATE|2018-01-12',
  ]);
  assert.deepEqual(tags('The council voted on Monday.'), ['Monday|DATE|2018-01-08']);
  assert.deepEqual(tags('The vote will be held on Monday.'), ['Monday|DATE|2018-01-15']);
  // deadlines look ahead even without a future verb
  assert.deepEqual(tags('The results, due on Monday, are expected to show a loss.'), ['Monday|DATE|2018-01-15']);
  assert.deepEqual(tags('He said on Friday that he will travel to Paris next Tuesday.'), [
    'Friday|DATE|2018-01-05',
    'next Tuesday|DATE|2018-01-16',
  ]);
  assert.deepEqual(tags('Police arrived Tuesday night.'), ['Tuesday night|DATE|2018-01-09']);
  assert.deepEqual(tags('Voters go to the polls on Saturdays.'), ['Saturdays|SET|XXXX-WXX-6']);
});

test('deictic words', () => {
  assert.deepEqual(tags('The storm hit yesterday and may return tomorrow.'), [
    'yesterday|DATE|2018-01-10',
    'tomorrow|DATE|2018-01-12',
  ]);
  assert.deepEqual(tags('The port is now closed.'), ['now|DATE|PRESENT_REF']);
  assert.deepEqual(tags('The mayor spoke this morning.'), ['this morning|TIME|2018-01-11TMO']);
  assert.deepEqual(tags('Rates will rise in the near future.'), ['the near future|DATE|FUTURE_REF']);
  assert.deepEqual(tags('Crime has fallen in recent years.'), ['recent years|DATE|PAST_REF']);
});

test('clock times attach to their day', () => {
  assert.deepEqual(tags('The polls closed at 8 p.m. Tuesday.'), ['8 p.m. Tuesday|TIME|2018-01-09T20:00']);
  assert.deepEqual(tags('The blast came at about 10:35 a.m. local time.'), ['about 10:35 a.m. local time|TIME|2018-01-11T10:35']);
  assert.deepEqual(tags('Talks resume at noon tomorrow.'), ['noon tomorrow|TIME|2018-01-12T12:00']);
  assert.deepEqual(tags('The quake struck at 4:35 a.m. on Sunday, Jan. 17, 1994.'), ['4:35 a.m. on Sunday, Jan. 17, 1994|TIME|1994-01-17T04:35']);
});

test('durations', () => {
  assert.deepEqual(tags('The strike lasted two weeks.'), ['two weeks|DURATION|P2W']);
  assert.deepEqual(tags('Survivors marked the three-year anniversary of the flood.'), ['three-year|DURATION|P3Y']);
  assert.deepEqual(tags('He served for several years as mayor.'), ['several years|DURATION|PXY']);
  assert.deepEqual(tags('Water was cut for 36 hours.'), ['36 hours|DURATION|PT36H']);
  assert.deepEqual(tags('They lived in the camp for 2 1/2 years.'), ['2 1/2 years|DURATION|P2Y6M']);
  assert.deepEqual(tags('The fire burned for an hour and a half.'), ['an hour and a half|DURATION|PT1H30M']);
  // fractions are not durations
  assert.deepEqual(tags('Iraq imports about three-quarters of its food.'), []);
  assert.deepEqual(tags('Output rose over the past two months.'), ['the past two months|DURATION|P2M']);
  assert.deepEqual(tags('Prices hit a 52-week high.'), ['52-week|DURATION|P52W']);
  assert.deepEqual(tags('It took a decade to build.'), ['a decade|DURATION|P10Y']);
  // ages and rates are not durations
  assert.deepEqual(tags('The driver, 37 years old, was unhurt.'), []);
  assert.deepEqual(tags('The mine produces $5 million a year.'), []);
});

test('sets', () => {
  assert.deepEqual(tags('The ferry sails daily.'), ['daily|SET|P1D']);
  assert.deepEqual(tags('The board meets every Monday.'), ['every Monday|SET|XXXX-WXX-1']);
  assert.deepEqual(tags('Inspectors visit twice a year.'), ['twice a year|SET|P1Y']);
});

test('offsets index the input and results are sorted and disjoint', () => {
  const text = 'On Friday, Jan. 5, 2018, at 9 a.m., the firm said it had met for three hours last week.';
  const found = tagTimexes(text, DCT);
  assert.ok(found.length >= 3);
  for (let i = 0; i < found.length; i++) {
    const t = found[i]!;
    assert.equal(text.slice(t.start, t.end), t.text);
    if (i > 0) assert.ok(found[i - 1]!.end <= t.start);
  }
});

test('invalid DCT throws', () => {
  assert.throws(() => tagTimexes('today', '2018-13-01'), /invalid DCT/);
});

test('timexPrecision', () => {
  assert.equal(timexPrecision('2013-03-22'), 'day');
  assert.equal(timexPrecision('2013-03-22T14:00'), 'day');
  assert.equal(timexPrecision('2013-03-22TEV'), 'day');
  assert.equal(timexPrecision('2013-W11'), 'week');
  assert.equal(timexPrecision('2013-03'), 'month');
  assert.equal(timexPrecision('2013'), 'year');
  for (const v of ['P1M', 'PXY', 'XXXX-WXX-1', 'PRESENT_REF', '201', '2013-SU', '2013-Q1', '2013-W11-WE']) assert.equal(timexPrecision(v), null, v);
});

test('a short span counted from another event is a duration; the direction word stays outside', () => {
  assert.deepEqual(tags('The plant reopened. Three days later, the union called a strike.'), ['Three days|DURATION|P3D']);
  assert.deepEqual(tags('The first vote failed. An hour earlier, the mayor had resigned.'), ['An hour|DURATION|PT1H']);
  // a coarse unit still names the comparable period
  assert.deepEqual(tags('Profit fell, compared with $4 million a year earlier.'), ['a year earlier|DATE|2017']);
});

test('a clock time takes the day named after its bracketed conversion', () => {
  assert.deepEqual(tags('The quake struck at 6:40 a.m. (2340 GMT) Tuesday, officials said.'), ['6:40 a.m.|TIME|2018-01-09T06:40', 'Tuesday|DATE|2018-01-09']);
  assert.deepEqual(tags('The convoy will leave at 5 in the morning (5 a.m. local time Saturday), the army said.'),
    ['5 in the morning|TIME|2018-01-13T05:00', '5 a.m. local time Saturday|TIME|2018-01-13T05:00']);
});

test('the day before or after a named day', () => {
  assert.deepEqual(tags("The talks broke down the day before last Tuesday's vote."), ['the day before last Tuesday|DATE|2018-01-08']);
  assert.deepEqual(tags('Stores reopened the day after March 3, 2016.'), ['the day after March 3, 2016|DATE|2016-03-04']);
});

test('the second day of a month-day pair shares its month', () => {
  assert.deepEqual(tags('Ministers meet on March 14 and 15 in Brussels.'), ['March 14|DATE|2018-03-14', '15|DATE|2018-03-15']);
});

test('pre- and post- years before a plural noun', () => {
  assert.deepEqual(tags('Scholars study the post-1945 institutions of Europe.'), ['post-1945|DATE|1945']);
});

test('frequency adjectives count only as "on a ... basis"', () => {
  assert.deepEqual(tags('Police review the footage on a weekly basis.'), ['weekly|SET|P1W']);
  assert.deepEqual(tags('The daily tally was not released.'), []);
});

test('unit-long adjectives are durations', () => {
  assert.deepEqual(tags('They emerged from a day-long meeting to end their decades-long feud.'), ['day-long|DURATION|P1D', 'decades-long|DURATION|PXY']);
});

test('weekday tense: deadlines followed by a past clause, sentence-initial days before a future clause', () => {
  assert.deepEqual(tags('Until Monday, officials had not named a suspect.'), ['Monday|DATE|2018-01-08']);
  assert.deepEqual(tags('Investors were told to respond by Friday.'), ['Friday|DATE|2018-01-12']);
  assert.deepEqual(tags('On Monday, the council plans to vote on the budget.'), ['Monday|DATE|2018-01-15']);
});

test('generic "today\'s" and "most recently" before a date are not references', () => {
  assert.deepEqual(tags("Phones shape today's youth, she said."), []);
  assert.deepEqual(tags("Today's meeting was short."), ['Today|DATE|2018-01-11']);
  assert.deepEqual(tags('Three plants have shut, most recently last October.'), ['last October|DATE|2017-10']);
  assert.deepEqual(tags('Prices have risen recently.'), ['recently|DATE|PAST_REF']);
});

// Forms news uses that the TimeBank dev documents rarely do (issue 15).

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

test('halves inside a quantity, clock times with the part of the day, hyphenated period modifiers', () => {
  assert.deepEqual(tags('The strike lasted two and a half years.'), ['two and a half years|DURATION|P2Y6M']);
  assert.deepEqual(tags('The hearing resumed at 3:15 in the afternoon.'), ['3:15 in the afternoon|TIME|2018-01-11T15:15']);
  assert.deepEqual(tags('Debt will peak at end-2019, and rates by end-March.'), ['end-2019|DATE|2019', 'end-March|DATE|2018-03']);
  assert.deepEqual(tags('Profits fell in the final quarter of 2016.'), ['the final quarter of 2016|DATE|2016-Q4']);
  assert.deepEqual(tags('The birds return every spring and sing each morning.'), ['every spring|SET|XXXX-SP', 'each morning|SET|XXXX-XX-XXTMO']);
});

test('a range of lengths is one duration valued at its lower end', () => {
  assert.deepEqual(tags('Repairs will take two to three weeks.'), ['two to three weeks|DURATION|P2W']);
  assert.deepEqual(tags('He faces 10 to 15 years in prison.'), ['10 to 15 years|DURATION|P10Y']);
});

test('newspapers, nicknamed days, groups of people and ordinals are not times', () => {
  assert.deepEqual(tags('She writes for a daily newspaper and spoke to Entertainment Weekly.'), []);
  assert.deepEqual(tags('The plan drew anger in some quarters.'), []);
  assert.deepEqual(tags('They agreed to hold a second, smaller meeting.'), []);
  assert.deepEqual(tags('It was the decade of post-1970s disco.'), ['1970s|DATE|197']);
  // A weekday in a paper's name dates nothing; the same weekday in running text does.
  assert.deepEqual(tags('He told the Sunday Times that he would appeal.'), []);
  assert.deepEqual(tags('Britain\'s Sunday Telegraph reported the sale.'), []);
  assert.deepEqual(tags('She gave an interview to the Mail on Sunday.'), []);
  assert.deepEqual(tags('In 1998 she founded the Sunday Gazette, a weekly.'), ['1998|DATE|1998']);
  assert.deepEqual(tags('Police said on Sunday Mr Brown had left.'), ['Sunday|DATE|2018-01-07']);
  assert.deepEqual(tags('He met the Senate on Sunday and left.'), ['Sunday|DATE|2018-01-07']);
  assert.deepEqual(tags('It fell on the Sunday, January 7, as planned.'), ['Sunday, January 7|DATE|2018-01-07']);
  // Nor does a day's nickname: Super Tuesday is no Tuesday near the article.
  assert.deepEqual(tags('Candidates courted voters before Super Tuesday.'), []);
});

test('a capitalised count word before a number does not make it a year', () => {
  assert.deepEqual(tags('About 2000 protesters marched.'), []);
});
