// Pattern families of the tagger. Each rule is a regex (matched case-insensitively; its whole match is
// the TIMEX3 extent) plus a context-free `check` and a `norm` that computes type and value in context.
import type { TimexType } from './index.js';
import {
  type Cal, type Gran, addDays, coarsen, dayCal, dayDiff, formatCal, isValidDay, shift, weekday,
} from './calendar.js';
import {
  DAYNUM, MONTH, NUMBER, ORDINALS, PARTS_OF_DAY, QUANTITY, SEASONS, UNIT, WEEKDAY, YEAR4,
  type Unit, durationValue, monthNumber, parseQuantity, parseUnit, weekdayNumber,
} from './lexicon.js';

export type Groups = Record<string, string | undefined>;
export type Tense = 'past' | 'future' | 'none';

export interface Ctx {
  dct: Cal;
  /** Last calendar point the text mentioned (the DCT until one is). */
  anchor: Cal;
  /** Characters between the end of the anchor's mention and this expression (Infinity for the DCT). */
  anchorDistance: number;
  tense(): Tense;
  /** Text right after the match (up to 40 chars). */
  after: string;
  /** Text right before the match (up to 40 chars). */
  before: string;
}

export interface Norm {
  type: TimexType;
  value: string;
  /** False for expressions that compare with the reference time rather than move it ("a year earlier"). */
  setsAnchor?: boolean;
}

export interface Rule {
  family: string;
  re: RegExp;
  /** A cheap test that any text the rule can match passes (a word the pattern requires): rules whose trigger fails skip the text. */
  trigger?: RegExp;
  check?: (g: Groups, text: string, start: number, end: number) => boolean;
  norm: (g: Groups, c: Ctx, match: string) => Norm | null;
}

// ---------------------------------------------------------------- helpers

const B = String.raw`(?<![\w'])`; // left word boundary that also rejects "'s" continuations
const E = String.raw`(?![\w])`;
/** Modifiers that stay inside the extent but do not change the value ("early 2012", "the end of May"). */
const MOD = String.raw`(?:(?:early|late|mid|the\s+(?:end|beginning|start|middle|rest|remainder|first\s+half|second\s+half|early\s+part|latter\s+part|last\s+part)\s+of|(?:end|beginning|start|middle)\s+of)\s+|(?:mid|end|early|late)-)`;
const capital = (s: string | undefined): boolean => !!s && /^[A-Z]/.test(s);
const fmt = formatCal;
const date = (value: string, setsAnchor = true): Norm => ({ type: 'DATE', value, setsAnchor });

const UNIT_GRAN: Partial<Record<Unit, Gran>> = { D: 'day', W: 'week', WE: 'week', M: 'month', Q: 'quarter', Y: 'year', DE: 'decade', CE: 'century' };

/** Year for a month (and day) given without one: the DCT's year, moved by tense when the date would fall on the wrong side. */
function inferYear(c: Ctx, month: number, day?: number): number {
  const tense = /\bsince\s+$/i.test(c.before) ? 'past' : c.tense();
  let best = c.dct.y;
  let bestScore = Infinity;
  for (const y of [c.dct.y - 1, c.dct.y, c.dct.y + 1]) {
    const diff = day === undefined
      ? (y * 12 + month) - (c.dct.y * 12 + c.dct.m) // months after the DCT
      : dayDiff(c.dct, dayCal(y, month, Math.min(day, 28))) / 30;
    // The nearest reading wins, but tense pushes it: a past-tense month is rarely ahead of the DCT.
    const score = Math.abs(diff) + (tense !== 'future' && diff > (day === undefined ? 0 : 0.25) ? (tense === 'past' ? (day === undefined ? 6 : 9) : day === undefined ? 6 : 3) : 0)
      + (tense === 'future' && diff < 0 ? 6 : 0);
    if (score < bestScore) { bestScore = score; best = y; }
  }
  return best;
}

/** The weekday nearest the DCT in the direction the sentence's tense points. */
function resolveWeekday(c: Ctx, wd: number, rel: string | undefined): Cal {
  const cur = weekday(c.dct);
  const back = (cur - wd + 7) % 7; // 0..6 days back
  const fwd = (wd - cur + 7) % 7; // 0..6 days ahead
  const r = rel?.toLowerCase();
  if (r === 'last' || r === 'past') return addDays(c.dct, -(back === 0 ? 7 : back));
  if (r === 'next' || r === 'coming') return addDays(c.dct, fwd === 0 ? 7 : fwd);
  if (back === 0) return c.dct;
  return c.tense() === 'future' ? addDays(c.dct, fwd) : addDays(c.dct, -back);
}

function seasonYear(c: Ctx, code: string, rel: string | undefined): number {
  const y = c.dct.y;
  const startMonth: Record<string, number> = { SP: 3, SU: 6, FA: 9, WI: 12 };
  const s = startMonth[code]!;
  const m = c.dct.m;
  const inOrAfter = code === 'WI' ? m >= 12 || m <= 2 : m >= s;
  const r = rel?.toLowerCase();
  // A winter is named by the year of its December.
  if (r === 'last' || r === 'past') return code === 'WI' ? (m <= 2 ? y - 2 : y - 1) : inOrAfter && m > s + 2 ? y : y - 1;
  if (r === 'next' || r === 'coming') return inOrAfter ? y + 1 : y;
  if (code === 'WI' && m <= 2) return y - 1;
  if (r === 'this') return y;
  // Unqualified ("in the fall"): the tense says whether the season is behind or ahead.
  const tense = c.tense();
  if (tense === 'past' && code !== 'WI' && s > m) return y - 1;
  if (tense === 'future' && code !== 'WI' && s + 2 < m) return y + 1;
  return y;
}

/** Newspapers' own words after a weekday: "the Sunday Times", "Sunday Telegraph", "Saturday Star". */
const PAPER_WORD = /^\s+(?:Times|Telegraph|Mirror|Express|Independent|People|Herald|Post|Mail|Tribune|Star|Correspondent|Observer|Standard|Sport|Age|Business)\b/;
/** Nicknames of days that are not the nearest such weekday: "Super Tuesday", "Black Wednesday", "Bloody Sunday". */
const NICKNAME_BEFORE = /\b(?:Super|Black|Bloody|Blue|Cyber|Manic)\s+$/;
const MONTH_AFTER = new RegExp(String.raw`^\s+${MONTH}`, 'i');

/**
 * A bare weekday that is part of a name, not a date: a newspaper ("the Sunday Times", "Britain's Sunday Telegraph",
 * "the Mail on Sunday") or a day's nickname ("Super Tuesday"). After "the", any capitalised word but a month makes
 * the weekday a name's first word ("the Sunday Correspondent"); "on the Sunday, January 7" stays a date. Named days
 * with a date of their own ("Good Friday", "Black Friday") are the holiday rule's.
 */
function weekdayInName(text: string, s: number, e: number): boolean {
  const before = text.slice(Math.max(0, s - 20), s);
  const after = text.slice(e, e + 20);
  if (/\b(?:Mail|Independent)\s+on\s+$/.test(before) || NICKNAME_BEFORE.test(before) || PAPER_WORD.test(after)) return true;
  return /\bthe\s+$/i.test(before) && /^\s+\p{Lu}\p{Ll}/u.test(after) && !MONTH_AFTER.test(after);
}

/** A weekend near the DCT: "the weekend" read on a weekday is the one just past, unless the text looks ahead. */
function weekendValue(c: Ctx, n: number): string {
  const wd = weekday(c.dct);
  const week = coarsen(c.dct, 'week');
  const lastOne = wd >= 6 ? week : shift(week, -1, 'week');
  const nextOne = week;
  const base = n < 0 ? (wd >= 6 ? shift(week, -1, 'week') : lastOne) : n > 0 ? (wd >= 6 ? shift(week, 1, 'week') : nextOne) : c.tense() === 'future' ? nextOne : lastOne;
  return `${fmt(base)}-WE`;
}

/** Value of a relative unit word ("week", "summer") at offset n from a base point. */
function unitValue(base: Cal, unit: string, n: number): string | null {
  const u = unit.toLowerCase();
  if (u in SEASONS) return `${base.y + n}-${SEASONS[u]}`;
  if (u === 'weekend') return `${fmt(shift(coarsen(base, 'week'), n, 'week'))}-WE`;
  const gran: Gran | undefined = ({ day: 'day', week: 'week', month: 'month', quarter: 'quarter', year: 'year', decade: 'decade', century: 'century' } as Record<string, Gran>)[u];
  if (!gran) return null;
  if (gran === 'day' && base.gran !== 'day') return null;
  const point = coarsen(base, gran);
  if (gran === 'decade') return String(Math.floor(base.y / 10) + n);
  if (gran === 'century') return String(Math.floor(base.y / 100) + n);
  return fmt(shift(point, n, gran === 'week' ? 'week' : gran));
}

// ---------------------------------------------------------------- deictic words

type Fixed = (c: Ctx) => Norm;
const dayOff = (n: number, part?: string): Fixed => (c) =>
  part ? { type: 'TIME', value: `${fmt(addDays(c.dct, n))}T${part}` } : date(fmt(addDays(c.dct, n)));
const ref = (v: string): Fixed => () => ({ type: 'DATE', value: v, setsAnchor: false });

/** Words and phrases whose value depends only on the DCT. */
const DEICTIC: Record<string, Fixed> = {
  today: dayOff(0), 'earlier today': dayOff(0), 'later today': dayOff(0), 'late today': dayOff(0), 'early today': dayOff(0),
  yesterday: dayOff(-1), 'late yesterday': dayOff(-1), 'later yesterday': dayOff(-1), 'early yesterday': dayOff(-1), 'earlier yesterday': dayOff(-1),
  tomorrow: dayOff(1), 'late tomorrow': dayOff(1), 'early tomorrow': dayOff(1),
  'the day before yesterday': dayOff(-2), 'the day after tomorrow': dayOff(2),
  tonight: dayOff(0, 'NI'), 'late tonight': dayOff(0, 'NI'), 'last night': dayOff(-1, 'NI'), 'late last night': dayOff(-1, 'NI'),
  'this morning': dayOff(0, 'MO'), 'this afternoon': dayOff(0, 'AF'), 'this evening': dayOff(0, 'EV'),
  'early this morning': dayOff(0, 'MO'), 'late this afternoon': dayOff(0, 'AF'), 'later this afternoon': dayOff(0, 'AF'),
  'earlier this morning': dayOff(0, 'MO'), 'later this evening': dayOff(0, 'EV'),
  'yesterday morning': dayOff(-1, 'MO'), 'yesterday afternoon': dayOff(-1, 'AF'), 'yesterday evening': dayOff(-1, 'EV'),
  'mid-afternoon yesterday': dayOff(-1, 'AF'), 'late yesterday afternoon': dayOff(-1, 'AF'),
  'tomorrow morning': dayOff(1, 'MO'), 'tomorrow afternoon': dayOff(1, 'AF'), 'tomorrow evening': dayOff(1, 'EV'), 'tomorrow night': dayOff(1, 'NI'),
  now: ref('PRESENT_REF'), 'right now': ref('PRESENT_REF'), 'just now': ref('PRESENT_REF'), currently: ref('PRESENT_REF'),
  current: ref('PRESENT_REF'), presently: ref('PRESENT_REF'), 'at present': ref('PRESENT_REF'), nowadays: ref('PRESENT_REF'),
  'these days': ref('PRESENT_REF'), 'at the moment': ref('PRESENT_REF'), 'the present': ref('PRESENT_REF'),
  recently: ref('PAST_REF'), 'more recently': ref('PAST_REF'), recent: ref('PAST_REF'), lately: ref('PAST_REF'), 'the past': ref('PAST_REF'),
  'recent years': ref('PAST_REF'),
  'the future': ref('FUTURE_REF'), future: ref('FUTURE_REF'), soon: ref('FUTURE_REF'), 'the near future': ref('FUTURE_REF'),
  'the near term': ref('FUTURE_REF'), 'the short term': ref('FUTURE_REF'),
  'the coming years': ref('FUTURE_REF'), 'years to come': ref('FUTURE_REF'), 'a later date': ref('FUTURE_REF'),
};

const RECENT_POINTER = new RegExp(String.raw`^,?\s+(?:(?:in|on|at|during)\s+)?(?:last|this|earlier|\d|${MONTH}|${WEEKDAY})`, 'i');
/** Nouns after "today's" that speak of the present age rather than the day. */
const GENERIC_TODAY = /^'s\s+(?:[a-z]+\s+)?(?:world|society|youth|young|generation|children|kids|teenagers|families|parents|workers|consumers|economy|culture|standards|technology|times|age|era)\b/i;

const alternation = (keys: string[]): string =>
  keys.sort((a, b) => b.length - a.length).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|');

// ---------------------------------------------------------------- holidays

/** The holiday's day in a Gregorian year; null when it cannot be computed here. */
type Holiday = (y: number) => Cal | null;
/** Western Easter (anonymous Gregorian computus). */
function easter(y: number): Cal {
  const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  return dayCal(y, month, ((h + l - 7 * m + 114) % 31) + 1);
}
const nthWeekday = (y: number, m: number, wd: number, n: number): Cal => {
  const first = dayCal(y, m, 1);
  if (n > 0) return addDays(first, ((wd - weekday(first) + 7) % 7) + 7 * (n - 1));
  const last = addDays(dayCal(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1), -1);
  return addDays(last, -((weekday(last) - wd + 7) % 7));
};
/**
 * The day a date of another calendar (Islamic, Hebrew, Chinese) falls on in a Gregorian year, read from the ICU
 * calendars built into Node's Intl; the first such day of the year. Month is the number ICU prints, or the Hebrew
 * month's name.
 */
const calendarDays = new Map<string, Cal | null>();
const formatters = new Map<string, Intl.DateTimeFormat>();
function otherCalendarDay(calendar: string, month: string, day: number): Holiday {
  return (y) => {
    const key = `${calendar} ${month} ${day} ${y}`;
    if (calendarDays.has(key)) return calendarDays.get(key)!;
    let f = formatters.get(calendar);
    if (!f) {
      f = new Intl.DateTimeFormat(`en-u-ca-${calendar}`, { timeZone: 'UTC', month: calendar === 'hebrew' ? 'long' : 'numeric', day: 'numeric' });
      formatters.set(calendar, f);
    }
    // A Node built without full ICU falls back to the Gregorian calendar: no answer beats a wrong one.
    let found: Cal | null = null;
    for (let c = dayCal(y, 1, 1); c.y === y && f.resolvedOptions().calendar === calendar; c = addDays(c, 1)) {
      const parts = f.formatToParts(new Date(Date.UTC(c.y, c.m - 1, c.d)));
      if (parts.find((p) => p.type === 'month')?.value === month && Number(parts.find((p) => p.type === 'day')?.value) === day) {
        found = c;
        break;
      }
    }
    calendarDays.set(key, found);
    return found;
  };
}
const fixed = (m: number, d: number): Holiday => (y) => dayCal(y, m, d);
const fromEaster = (n: number): Holiday => (y) => addDays(easter(y), n);
const thanksgiving = (y: number): Cal => nthWeekday(y, 11, 4, 4);
/** Named days (TimeML annotates them as DATE with the day's value); keys are lower case, apostrophes optional. */
const HOLIDAYS: Record<string, Holiday> = {
  'christmas': fixed(12, 25), 'christmas day': fixed(12, 25), 'christmas eve': fixed(12, 24), 'boxing day': fixed(12, 26),
  "new year's day": fixed(1, 1), "new year's eve": fixed(12, 31), "new year's": fixed(1, 1), 'epiphany': fixed(1, 6), 'orthodox christmas': fixed(1, 7),
  'thanksgiving': thanksgiving, 'thanksgiving day': thanksgiving, 'black friday': (y) => addDays(thanksgiving(y), 1), 'cyber monday': (y) => addDays(thanksgiving(y), 4),
  'halloween': fixed(10, 31), "valentine's day": fixed(2, 14), 'independence day': fixed(7, 4), 'fourth of july': fixed(7, 4), 'july fourth': fixed(7, 4),
  'labor day': (y) => nthWeekday(y, 9, 1, 1), 'memorial day': (y) => nthWeekday(y, 5, 1, -1), 'columbus day': (y) => nthWeekday(y, 10, 1, 2),
  "presidents' day": (y) => nthWeekday(y, 2, 1, 3), "president's day": (y) => nthWeekday(y, 2, 1, 3),
  'martin luther king day': (y) => nthWeekday(y, 1, 1, 3), 'martin luther king jr. day': (y) => nthWeekday(y, 1, 1, 3), 'mlk day': (y) => nthWeekday(y, 1, 1, 3),
  "mother's day": (y) => nthWeekday(y, 5, 7, 2), "father's day": (y) => nthWeekday(y, 6, 7, 3), 'flag day': fixed(6, 14),
  'veterans day': fixed(11, 11), "veterans' day": fixed(11, 11), 'remembrance day': fixed(11, 11), 'armistice day': fixed(11, 11),
  'election day': (y) => addDays(nthWeekday(y, 11, 1, 1), 1), 'groundhog day': fixed(2, 2), 'earth day': fixed(4, 22), 'may day': fixed(5, 1),
  "st. patrick's day": fixed(3, 17), "saint patrick's day": fixed(3, 17), 'bastille day': fixed(7, 14), 'canada day': fixed(7, 1),
  'australia day': fixed(1, 26), 'anzac day': fixed(4, 25), 'guy fawkes night': fixed(11, 5), 'bonfire night': fixed(11, 5),
  'easter': easter, 'easter sunday': easter, 'good friday': fromEaster(-2), 'easter monday': fromEaster(1), 'holy saturday': fromEaster(-1),
  'maundy thursday': fromEaster(-3), 'palm sunday': fromEaster(-7), 'ash wednesday': fromEaster(-46), 'mardi gras': fromEaster(-47),
  'shrove tuesday': fromEaster(-47), 'ascension day': fromEaster(39), 'pentecost': fromEaster(49), 'whit monday': fromEaster(50),
  'eid al-fitr': otherCalendarDay('islamic-umalqura', '10', 1), 'eid ul-fitr': otherCalendarDay('islamic-umalqura', '10', 1),
  'eid al-adha': otherCalendarDay('islamic-umalqura', '12', 10), 'eid ul-adha': otherCalendarDay('islamic-umalqura', '12', 10),
  'rosh hashanah': otherCalendarDay('hebrew', 'Tishri', 1), 'yom kippur': otherCalendarDay('hebrew', 'Tishri', 10),
  'hanukkah': otherCalendarDay('hebrew', 'Kislev', 25), 'chanukah': otherCalendarDay('hebrew', 'Kislev', 25), 'passover': otherCalendarDay('hebrew', 'Nisan', 15),
  'chinese new year': otherCalendarDay('chinese', '1', 1), 'lunar new year': otherCalendarDay('chinese', '1', 1),
};
/** Named months of other calendars: the Gregorian month holding their middle ("during Ramadan" in 2013 is 2013-07). */
const HOLY_MONTHS: Record<string, Holiday> = { ramadan: otherCalendarDay('islamic-umalqura', '9', 15) };
const holidayKey = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').replace(/['’]/g, '');
const HOLIDAY_BY_KEY = new Map(Object.entries({ ...HOLIDAYS, ...HOLY_MONTHS }).map(([k, fn]) => [holidayKey(k), fn]));

// ---------------------------------------------------------------- rules

const re = (src: string): RegExp => new RegExp(src, 'gi');
const TENS_WORDS = 'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';
const ONES_WORDS = 'one|two|three|four|five|six|seven|eight|nine';
const TEENS_WORDS = 'ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen';
/** "nineteen ninety-six": a year read out, as in broadcast transcripts. */
const SPELLED_YEAR = String.raw`(?:nineteen|eighteen)[\s-](?:(?:${TENS_WORDS})(?:[\s-](?:${ONES_WORDS}))?|${TEENS_WORDS})`;
function spelledYear(s: string): number | null {
  const m = /^(nineteen|eighteen)[\s-]+(.+)$/i.exec(s.trim());
  if (!m) return null;
  const n = parseQuantity(m[2]!.replace(/\s+/g, '-'));
  return n === null || n >= 100 ? null : (m[1]!.toLowerCase() === 'nineteen' ? 1900 : 1800) + n;
}
const yearOf = (s: string): number => (/^\d/.test(s) ? parseInt(s, 10) : spelledYear(s) ?? NaN);
const REL_WORDS: Record<string, { base: 'dct' | 'anchor'; n: number }> = {
  last: { base: 'dct', n: -1 }, past: { base: 'dct', n: -1 }, previous: { base: 'anchor', n: -1 }, prior: { base: 'anchor', n: -1 },
  this: { base: 'dct', n: 0 }, current: { base: 'dct', n: 0 }, next: { base: 'dct', n: 1 }, coming: { base: 'dct', n: 1 },
  following: { base: 'anchor', n: 1 }, that: { base: 'anchor', n: 0 }, same: { base: 'anchor', n: 0 }, latest: { base: 'anchor', n: 0 },
};

const TIME_DAY = String.raw`(?:today|tonight|yesterday|tomorrow|(?:${WEEKDAY},?\s+)?${MONTH}\s+${DAYNUM}(?:,?\s+${YEAR4})?|${WEEKDAY})`;
const HOUR_WORD: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12 };

const PAREN_DAY = new RegExp(String.raw`^\s*\((?:[^()]{0,30}?\s)?(?:(?<pd2>${WEEKDAY}|today|tomorrow|yesterday)\s*\)|[^()]{1,30}\)\s*,?\s*(?:on\s+)?(?<pd>${WEEKDAY}|today|tomorrow|yesterday)${E})`, 'i');
/** Day a time of day belongs to: a following day word, else the DCT. */
function timeDay(c: Ctx, g: Groups): Cal {
  // "at 10:35 a.m. (0735 GMT) Friday", "at 4 in the morning (4 a.m. EDT Thursday)": the day named right
  // after a bracketed conversion is the time's day.
  const paren = PAREN_DAY.exec(c.after);
  const d = (g.tday ?? paren?.groups?.pd ?? paren?.groups?.pd2)?.toLowerCase();
  // "arrested Jan. 5 at 3:30 p.m.": a clock time right after a day belongs to it.
  if (!d) return c.anchor.gran === 'day' && c.anchorDistance <= 12 ? c.anchor : c.dct;
  if (d === 'today' || d === 'tonight') return c.dct;
  if (d === 'yesterday') return addDays(c.dct, -1);
  if (d === 'tomorrow') return addDays(c.dct, 1);
  const m = /(\S+)\s+(\d+)\w*(?:,?\s+(\d{4}))?$/.exec(g.tday ?? d);
  if (m && monthNumber(m[1]!) > 0) {
    const mo = monthNumber(m[1]!);
    const day = parseInt(m[2]!, 10);
    const y = m[3] ? parseInt(m[3], 10) : inferYear(c, mo, day);
    return isValidDay(y, mo, day) ? dayCal(y, mo, day) : c.dct;
  }
  const wd = weekdayNumber(d);
  return wd > 0 ? resolveWeekday(c, wd, undefined) : c.dct;
}

const UNIT_AS_GRAN = (u: Unit): Gran | null => UNIT_GRAN[u] ?? null;
/** Units too fine to name a calendar period when counted from another event. */
const FINE_UNITS = new Set<Unit>(['S', 'MIN', 'H', 'D']);

/** "three years ago", "two weeks later", "a few months earlier". */
function relativeOffset(c: Ctx, g: Groups): Norm | null {
  const unit = parseUnit(g.unit!);
  const dir = g.dir!.toLowerCase().replace(/\s+/g, ' ');
  const sign = /^(ago|earlier|before|beforehand|previously|back|prior)$/.test(dir) ? -1 : 1;
  const fromDct = /^(ago|from now|hence|back)$/.test(dir);
  let n = parseQuantity(g.q!);
  if (unit === 'W' && /fortnight/i.test(g.unit!) && n !== null) n *= 2;
  const gran = UNIT_AS_GRAN(unit);
  const base = fromDct ? (unit === 'Y' && c.anchor.gran === 'quarter' && c.anchor.y === c.dct.y ? c.anchor : c.dct) : c.anchor;
  if (!gran) {
    // hours and minutes: a time on the base day is beyond what the text says; keep the day.
    return base.gran === 'day' ? { type: 'DATE', value: fmt(base), setsAnchor: false } : null;
  }
  if (n === null) {
    if (gran === 'year' || gran === 'decade' || gran === 'century') return date(sign < 0 ? 'PAST_REF' : 'FUTURE_REF', false);
    const coarser: Gran = gran === 'month' || gran === 'quarter' ? 'year' : 'month';
    return date(fmt(coarsen(shift(base, 3 * sign, gran === 'week' ? 'week' : gran === 'day' ? 'day' : gran), coarser)), false);
  }
  if (!Number.isInteger(n)) return null;
  if (gran === 'decade' || gran === 'century') return date(fmt(coarsen(shift(base, sign * n, gran), 'year')), false);
  const keepBase = gran === 'year' && (base.gran === 'quarter' || base.gran === 'month' || base.gran === 'half');
  // "two weeks later" than a given day is a day; "six weeks ago" from the DCT stays a week.
  const dayAnchored = !fromDct && gran === 'week' && base.gran === 'day';
  const target = keepBase || dayAnchored ? base : coarsen(base, gran);
  return date(fmt(shift(target, sign * n, gran)), false);
}

/** A second day or month that carries the year for both ("March 3-5, 2011", "May and June 2011"). */
const PAIRED_DAY_YEAR = new RegExp(String.raw`^\s*(?:and|or|to|through|-|\u2013)\s*${DAYNUM},?\s+(${YEAR4})`, 'i');
const PAIRED_MONTH_YEAR = new RegExp(String.raw`^\s*(?:and|or|to|through|-|\u2013)\s*${MONTH}\.?,?\s+(${YEAR4})`, 'i');
/** "Friday, March 22, 2013" and "22 March 2013": a named month and a day (the year inferred when absent). */
const namedCalendarDay: Pick<Rule, 'check' | 'norm'> = {
  // A month name must be capitalised, and a closing bracket belongs to the match only with its opening one.
  check: (g, text, s, e) => capital(g.mon) && (!g.wd || capital(g.wd)) && (/\(/.test(text.slice(s, e)) || !/\)$/.test(text.slice(s, e))),
  norm: (g, c) => {
    const mo = monthNumber(g.mon!);
    const d = parseInt(g.day!, 10);
    // "March 3-5, 2011", "May 4 and 6, 2010": the year after the second day is the first's too.
    const sharedYear = g.yr ? undefined : PAIRED_DAY_YEAR.exec(c.after)?.[1];
    let y = g.yr ? parseInt(g.yr, 10) : sharedYear ? parseInt(sharedYear, 10) : inferYear(c, mo, d);
    // "Tuesday, May 4" without a year: the weekday tells which nearby year is meant.
    if (g.wd && !g.yr && !sharedYear) {
      const wd = weekdayNumber(g.wd);
      const fits = (yr: number): boolean => isValidDay(yr, mo, d) && weekday(dayCal(yr, mo, d)) === wd;
      y = [y, y - 1, y + 1].find(fits) ?? y;
    }
    return isValidDay(y, mo, d) ? date(fmt(dayCal(y, mo, d))) : null;
  },
};

const CENTURY_WORDS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11, twelfth: 12,
  thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20,
  'twenty-first': 21, 'twenty first': 21, 'twenty-second': 22,
};

const SEASON_AS_ADJECTIVE = /^\s+(?:olympics|games|collections?|meetings?|sessions?|term|semester|releases?|festival|break|holidays?|sales|fashion|transfer|window|solstice|equinox|schedule|line-?up|show)\b/i;


/** Capitalised words before a count rather than a name ("About 2000 protesters"). */
const COUNT_WORD = /^(?:about|some|nearly|almost|around|over|more|only|just|roughly|approximately|another|all|the|its|his|her|their|our|with|and|but|by|at|of|estimated|least)$/i;

/** Words ending in "s" that are no plural noun counted by a number before them ("in 2003 as a deputy", "2011 was"). */
const YEAR_NOT_PLURAL = /^(?:as|is|was|has|his|its|this|thus|plus|yes|does|says|goes|makes|takes|sees|gets|gives|marks|comes|begins|brings|ends|remains|looks|seems|becomes|whereas|besides|perhaps|towards|afterwards|always|less|across|unless|versus)$/i;

export const RULES: Rule[] = [
  // ---- explicit calendar dates
  {
    family: 'date: weekday, month day, year',
    re: re(String.raw`${B}(?:(?<wd>${WEEKDAY}),?\s+(?:\(\s*)?)?(?<mon>${MONTH})\s+(?<day>${DAYNUM})(?:,?\s+(?<yr>${YEAR4}))?(?:\s*\))?`),
    check: namedCalendarDay.check,
    norm: namedCalendarDay.norm,
  },
  {
    family: 'date: day month year',
    re: re(String.raw`${B}(?:(?<wd>${WEEKDAY}),?\s+(?:\(\s*)?)?(?:the\s+)?(?<day>${DAYNUM})\s+(?:of\s+)?(?<mon>${MONTH})(?:,?\s+(?<yr>${YEAR4}))?(?:\s*\))?`),
    check: namedCalendarDay.check,
    norm: namedCalendarDay.norm,
  },
  {
    family: 'date: second day of a month-day pair',
    // "on April 24 and 25", "March 3 or 4": the bare number shares the month (and year) before it.
    re: re(String.raw`(?<=${B}(?<mon>${MONTH})\s+(?<d1>${DAYNUM})(?:,?\s+(?:and|or|to|through)\s+|\s*[-\u2013]\s*))(?<day>\d{1,2})(?:,?\s+(?<yr>${YEAR4}))?(?![\w:.,]\d|\s*(?:%|percent|[ap]\.?m\b|million|billion|cents))`),
    check: (g) => capital(g.mon) && parseInt(g.day!, 10) > parseInt(g.d1!, 10),
    norm: (g, c) => {
      const mo = monthNumber(g.mon!);
      const d = parseInt(g.day!, 10);
      const y = g.yr ? parseInt(g.yr, 10) : inferYear(c, mo, d);
      return isValidDay(y, mo, d) ? date(fmt(dayCal(y, mo, d))) : null;
    },
  },
  {
    family: 'date: numeric',
    re: re(String.raw`${B}(?:(?<iy>(?:19|20)\d\d)-(?<im>[01]\d)-(?<id>[0-3]\d)|(?<um>[0-3]?\d)/(?<ud>[0-3]?\d)/(?<uy>(?:19|20)?\d\d))(?![\d/])`),
    norm: (g) => {
      const y = g.iy ? +g.iy : g.uy!.length === 2 ? 1900 + +g.uy! + (+g.uy! < 50 ? 100 : 0) : +g.uy!;
      let m = +(g.im ?? g.um!);
      let d = +(g.id ?? g.ud!);
      // "22/03/2013" can only be day first (British order); US order otherwise.
      if (!g.iy && m > 12 && d <= 12) [m, d] = [d, m];
      return isValidDay(y, m, d) ? date(fmt(dayCal(y, m, d))) : null;
    },
  },
  {
    family: 'date: month year',
    re: re(String.raw`${B}${MOD}?(?<mon>${MONTH}),?\s+(?:of\s+)?(?<yr>${YEAR4}|${SPELLED_YEAR}|(?<rel>last|this|next)\s+year)${E}`),
    check: (g) => capital(g.mon),
    norm: (g, c) => {
      const y = g.rel ? c.dct.y + REL_WORDS[g.rel.toLowerCase()]!.n : yearOf(g.yr!);
      return date(fmt({ ...dayCal(y, monthNumber(g.mon!), 1), gran: 'month' }));
    },
  },
  {
    family: 'date: month',
    re: re(String.raw`${B}(?:${MOD}|(?<rel>last|this|next|past|coming)\s+)?(?<mon>${MONTH})(?!\s*\d)`),
    check: (g, text, s, e) => {
      if (!capital(g.mon)) return false;
      // "May" and abbreviations are too ambiguous alone: want a preposition or modifier before them.
      const before = text.slice(Math.max(0, s - 12), s);
      const strong = /^(january|february|march|april|june|july|august|september|october|november|december)$/i.test(g.mon!);
      const ctx = /\b(in|since|until|till|by|from|through|to|of|during|before|after|early|late|mid|last|this|next|and|or|between)\s+$/i.test(before)
        // "the March vote" (but "the May government" is Theresa May's).
        || (/\bthe\s+$/i.test(before) && !/^may$/i.test(g.mon!));
      if (/^(mar|jun|jul|sep|oct|nov|dec|jan|feb|apr|aug)$/i.test(g.mon!)) return false; // "Mar", "Dec" without a period
      // A bare full name passes, except "March" (a verb at the start of a sentence) and "May" (a modal).
      return (strong && g.mon !== 'March') || ctx || text.slice(s, e) !== g.mon;
    },
    norm: (g, c) => {
      const mo = monthNumber(g.mon!);
      const rel = g.rel?.toLowerCase();
      let y = inferYear(c, mo);
      if (rel === 'last' || rel === 'past') y = mo < c.dct.m ? c.dct.y : c.dct.y - 1;
      else if (rel === 'next' || rel === 'coming') y = mo > c.dct.m ? c.dct.y : c.dct.y + 1;
      else if (rel === 'this') y = c.dct.y;
      // "May and June 2011", "between March and May 2012": the year given to the second month is the first's too.
      const shared = PAIRED_MONTH_YEAR.exec(c.after);
      if (!rel && shared) y = parseInt(shared[1]!, 10);
      return date(fmt({ ...dayCal(y, mo, 1), gran: 'month' }));
    },
  },
  {
    family: 'date: season',
    re: re(String.raw`${B}(?:${MOD})?(?:(?<rel>last|this|next|past|coming|the)\s+)?(?<season>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?<yr>${YEAR4}|${SPELLED_YEAR}))?${E}`),
    check: (g, text, s, e) => {
      // "the fall of the Berlin Wall" is no season.
      if (g.rel?.toLowerCase() === 'the' && !g.yr && /^\s+of\b/i.test(text.slice(e, e + 4))) return false;
      // "the spring meeting", "the Summer Olympics": the season names a kind of thing, not a time.
      if (!g.yr && SEASON_AS_ADJECTIVE.test(text.slice(e, e + 16))) return false;
      if (g.rel || g.yr) return true;
      // "spring" and "fall" alone are mostly a noun and a verb: a modifier ("in early spring") or "spring" after a preposition makes them seasons.
      const modified = !/^(?:fall|spring|summer|winter|autumn)$/i.test(text.slice(s, e));
      return /\b(in|during|by|this|until|since|over)\s+$/i.test(text.slice(Math.max(0, s - 10), s)) && (modified || !/^fall$/i.test(g.season!));
    },
    norm: (g, c) => {
      const code = SEASONS[g.season!.toLowerCase()]!;
      const rel = g.rel?.toLowerCase();
      const y = g.yr ? yearOf(g.yr) : seasonYear(c, code, rel === 'the' ? undefined : rel);
      return date(`${y}-${code}`);
    },
  },
  {
    family: 'date: half of a year',
    trigger: /half\s+of/i,
    re: re(String.raw`${B}the\s+(?<which>first|second|last|latter)\s+half\s+of\s+(?:(?<yr>${YEAR4})|(?<rel>this|last|next)\s+year)${E}`),
    norm: (g, c) => {
      const y = g.yr ? +g.yr : c.dct.y + REL_WORDS[g.rel!.toLowerCase()]!.n;
      return date(`${y}-H${g.which!.toLowerCase() === 'first' ? 1 : 2}`);
    },
  },
  {
    family: 'date: year',
    re: re(String.raw`${B}(?:${MOD}|(?<fiscal>fiscal|calendar|the\s+year|model|fiscal\s+year)\s+|(?:pre|post)-)?(?<yr>${YEAR4})(?![\d,.]\d|\s*%|-\d|'?s\b)`),
    check: (g, text, s, e) => {
      const y = parseInt(g.yr!, 10);
      const preposition = /\b(?:in|since|until|till|by|from|through|during|before|after|of|between|and|to)\s+$/i.test(text.slice(Math.max(0, s - 9), s));
      // Years before 1800 only after a preposition ("in 1789"): alone they are mostly counts.
      if (y > 2099 || (y < 1800 && !preposition)) return false;
      const before = text.slice(Math.max(0, s - 3), s);
      if (/[$#£€]\s*$|\d[,.]?$/.test(before) || (/-$/.test(before) && !/^(pre|post)-/i.test(text.slice(s, e)))) return false;
      const after = text.slice(e, e + 30);
      // "post-1959 politics" is a period; the noun after it is not what the number counts.
      if (/^(?:pre|post)-/i.test(text.slice(s, e))) return !/^\s*(?:percent|%)/i.test(after);
      if (/^\s*(?:percent|per\s|people|shares|feet|foot|meters|metres|miles|tons|troops|workers|cars|employees|units|points|votes|barrels|pounds|dollars|yen|acres|members|jobs|students|soldiers|times|hours|days|years|kilometers|km|gmt|est)\b/i.test(after)) return false;
      // Any other plural noun after the number counts it ("1500 protesters"), unless a preposition names a
      // year before it ("in 2003 as ...", "since 1998 prices ...") or the word is no plural ("was", "his").
      const next = /^\s*([a-z]+s)\b(?!\s+(?:ago|earlier|later))/i.exec(after)?.[1];
      if (!next || YEAR_NOT_PLURAL.test(next) || /^\s*(?:sales|results|earnings|levels?)\b/i.test(after)) return true;
      // An event's name before it also makes it a year ("World Cup 2002 stadiums").
      const named = /\b([A-Z][a-z]+)\s+$/.exec(text.slice(Math.max(0, s - 16), s))?.[1];
      return preposition || /^\s*[A-Z]/.test(after) || (!!named && !COUNT_WORD.test(named));
    },
    norm: (g) => date(g.yr!),
  },
  {
    family: 'date: spelled-out year',
    trigger: /nineteen|eighteen|thousand/i,
    re: re(String.raw`${B}(?:the\s+year\s+)?(?:(?<c>${SPELLED_YEAR})|two\s+thousand(?:\s+and)?(?:[\s-](?<y2>${ONES_WORDS}|${TEENS_WORDS}))?(?=\W))${E}`),
    check: (g, text, s, e) => !!g.c || /^the\s+year/i.test(text.slice(s, e)) || /\b(?:in|since|until|by|of)\s+$/i.test(text.slice(Math.max(0, s - 8), s)),
    norm: (g) => {
      if (g.c) {
        const y = spelledYear(g.c);
        return y === null ? null : date(String(y));
      }
      const n = g.y2 ? parseQuantity(g.y2) : 0;
      return n === null ? null : date(String(2000 + n));
    },
  },
  {
    family: 'date: split year',
    trigger: /\d[-/\u2013]\d\d/,
    // "the 2010-11 season", "the 1990-91 recession": a span across the turn of a year, named by the year it starts.
    re: re(String.raw`${B}(?<y1>${YEAR4})[-/\u2013](?<y2>\d\d)(?=\s+(?:season|school\s+year|academic\s+year|fiscal\s+year|financial\s+year|budget|session|term|winter|recession|campaign)\b)`),
    check: (g) => (parseInt(g.y1!, 10) + 1) % 100 === parseInt(g.y2!, 10),
    norm: (g) => date(g.y1!),
  },
  {
    family: 'relative: years ago',
    trigger: /ago/i,
    // "years ago", "decades ago": an unknown number of them before the DCT.
    re: re(String.raw`${B}(?:many\s+|long\s+)?(?<unit>years|decades|centuries)\s+ago${E}`),
    norm: () => date('PAST_REF', false),
  },
  {
    family: 'date: year end',
    trigger: /year(?:-|\s+|'s\s+)end/i,
    re: re(String.raw`${B}(?:(?:the|this)\s+)?year(?:-|\s+|'s\s+)end${E}(?!-)`),
    norm: (g, c) => date(String(/since\s+$/i.test(c.before) ? c.dct.y - 1 : c.dct.y)),
  },
  {
    family: 'date: the week of a date',
    trigger: /week\s+of/i,
    re: re(String.raw`${B}the\s+week\s+of\s+(?<mon>${MONTH})\s+(?<day>${DAYNUM})(?:,?\s+(?<yr>${YEAR4}))?`),
    check: (g) => capital(g.mon),
    norm: (g, c) => {
      const mo = monthNumber(g.mon!);
      const d = parseInt(g.day!, 10);
      const y = g.yr ? parseInt(g.yr, 10) : inferYear(c, mo, d);
      return isValidDay(y, mo, d) ? date(fmt(coarsen(dayCal(y, mo, d), 'week'))) : null;
    },
  },
  {
    family: 'date: decade',
    trigger: /0'?s|ties/i,
    re: re(String.raw`${B}(?:the\s+)?(?:${MOD})?(?:(?<dy>1[5-9]\d0|20\d0)'?s|(?:'|(?<=\bthe\s+(?:early\s+|late\s+|mid-?)?))(?<dd>[2-9]0)'?s|(?<dw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))${E}`),
    check: (g, text, s, e) => !g.dw || /^the\s/i.test(text.slice(s, e)),
    norm: (g) => {
      const words = ['twenties', 'thirties', 'forties', 'fifties', 'sixties', 'seventies', 'eighties', 'nineties'];
      if (g.dy) return date(g.dy.slice(0, 3));
      if (g.dd) return date(`19${g.dd[0]}`);
      return date(`19${words.indexOf(g.dw!.toLowerCase()) + 2}`);
    },
  },
  {
    family: 'date: century',
    trigger: /century/i,
    re: re(String.raw`${B}(?:the\s+)?(?:${MOD})?(?:(?<n>\d{1,2})(?:st|nd|rd|th)|(?<w>${alternation(Object.keys(CENTURY_WORDS))}))[\s-]century${E}`),
    norm: (g) => date(String((g.n ? parseInt(g.n, 10) : CENTURY_WORDS[g.w!.toLowerCase().replace(/\s+/g, ' ')]!) - 1).padStart(2, '0')),
  },
  {
    family: 'date: holiday',
    re: re(String.raw`${B}(?:(?<rel>last|this|next)\s+)?(?<hol>${alternation([...Object.keys(HOLIDAYS), ...Object.keys(HOLY_MONTHS)]).replace(/'/g, "['\u2019]?")})(?:\s+(?<yr>${YEAR4})|\s+(?<week>week))?${E}`),
    check: (g) => capital(g.hol),
    norm: (g, c) => {
      const fn = HOLIDAY_BY_KEY.get(holidayKey(g.hol!));
      if (!fn) return null;
      let y = g.yr ? +g.yr : c.dct.y;
      const rel = g.rel?.toLowerCase();
      if (!g.yr) {
        const thisYear = fn(y);
        if (!thisYear) return null;
        const diff = dayDiff(c.dct, thisYear);
        if (rel === 'last') y = diff >= 0 ? y - 1 : y;
        else if (rel === 'next') y = diff <= 0 ? y + 1 : y;
        else if (!g.week) y = inferYear(c, thisYear.m, thisYear.d);
      }
      // "Easter week": the ISO week that ends with the holiday's Sunday or holds its day.
      const gran: Gran = g.week ? 'week' : holidayKey(g.hol!) in HOLY_MONTHS ? 'month' : 'day';
      const day = fn(y);
      return day ? date(fmt(coarsen(day, gran))) : null;
    },
  },
  // ---- quarters and halves
  {
    family: 'date: quarter',
    re: re(String.raw`${B}(?:(?<det>the)\s+)?(?:(?<py>${YEAR4}|(?<rel>this|last|next)\s+year's|fiscal\s+${YEAR4})\s+)?(?:fiscal\s+)?(?<ord>first|second|third|fourth|final|1st|2nd|3rd|4th)(?<sep>[\s-])(?<kind>quarter|half)(?:\s+(?:of|in|for)\s+(?:fiscal\s+)?(?<fy>${YEAR4}|(?<rel2>this|last|next)\s+year))?${E}(?!-)`),
    // "the third-quarter loss": the hyphenated modifier is the expression, its article is not.
    check: (g) => !(g.det && g.sep === '-' && !g.fy),
    norm: (g, c) => {
      const rel = (g.rel ?? g.rel2)?.toLowerCase();
      const yrText = (g.fy ?? g.py)?.match(/\d{4}/)?.[0];
      const n = ORDINALS[g.ord!.toLowerCase()]!;
      let y = yrText ? +yrText : rel ? c.dct.y + REL_WORDS[rel]!.n : c.dct.y;
      // A quarter that has not begun at the DCT is last year's, unless the text looks ahead.
      const startMonth = g.kind!.toLowerCase() === 'half' ? (n - 1) * 6 + 1 : (n - 1) * 3 + 1;
      if (!yrText && !rel && startMonth > c.dct.m && c.tense() !== 'future') y -= 1;
      if (g.kind!.toLowerCase() === 'half') return n <= 2 ? date(`${y}-H${n}`) : null;
      return date(`${y}-Q${n}`);
    },
  },
  {
    family: 'date: Q3 2017, H1 2018, FY2019',
    trigger: /[QH][1-4]|FY/i,
    re: re(String.raw`${B}(?:(?<qh>[QH])(?<n>[1-4])(?:\s+|\s*/\s*|-)?(?:FY\s?)?(?<y>${YEAR4}|'?\d\d(?!\d))?|FY\s?(?<fy>${YEAR4}|'?\d\d(?!\d)))${E}`),
    check: (g, text, s, e) => /^[QHF]/.test(text.slice(s, e)) && (g.qh !== 'H' || +g.n! <= 2),
    norm: (g, c) => {
      const yearText = (g.y ?? g.fy)?.replace("'", '');
      const y = yearText ? (yearText.length === 2 ? 2000 + +yearText - (+yearText > 50 ? 100 : 0) : +yearText) : c.dct.y;
      if (g.fy) return date(String(y));
      return date(`${y}-${g.qh}${g.n}`);
    },
  },
  {
    family: 'date: the YEAR period',
    trigger: /\d\s+(?:quarter|period)/i,
    re: re(String.raw`${B}the\s+(?<yr>${YEAR4})\s+(?<what>quarter|period)${E}`),
    norm: (g, c) => {
      const q = c.anchor.gran === 'quarter' ? c.anchor.q : coarsen(shift(coarsen(c.dct, 'quarter'), -1, 'quarter'), 'quarter').q;
      return date(`${g.yr}-Q${q}`, false);
    },
  },
  {
    family: 'date: year-earlier period',
    re: re(String.raw`${B}(?:(?:the|a)\s+)?(?:comparable\s+|same\s+)?(?:year-(?:earlier|ago)|year\s+(?:earlier|ago)|prior-year|comparable|same)\s+(?:(?<ord>first|second|third|fourth)\s+)?(?<what>quarter|period|(?<months>six|nine)\s+months)${E}|${B}year-(?:earlier|ago)${E}`),
    norm: (g, c) => {
      if (g.months) return { type: 'DURATION', value: `P${parseQuantity(g.months)}M` };
      if (g.ord) return date(`${c.dct.y - 1}-Q${ORDINALS[g.ord.toLowerCase()]}`, false);
      const quarter = c.anchor.gran === 'quarter' ? c.anchor : shift(coarsen(c.dct, 'quarter'), -1, 'quarter');
      if (g.what) return date(fmt(shift(quarter, -1, 'year')), false);
      const a = c.anchor.gran === 'quarter' || c.anchor.gran === 'month' ? c.anchor : coarsen(c.dct, 'year');
      return date(fmt(shift(a, -1, 'year')), false);
    },
  },
  // ---- relative to the DCT or to the last mentioned date
  {
    family: 'relative: the next morning',
    trigger: /(?:next|following|previous)\s+(?:morning|afternoon|evening|night)/i,
    re: re(String.raw`${B}(?:the\s+)?(?<rel>next|following|previous)\s+(?<part>morning|afternoon|evening|night)${E}`),
    check: (g, text, s, e) => /^the\s/i.test(text.slice(s, e)) || g.rel!.toLowerCase() === 'next',
    norm: (g, c) => {
      if (c.anchor.gran !== 'day') return null;
      const day = addDays(c.anchor, g.rel!.toLowerCase() === 'previous' ? -1 : 1);
      return { type: 'TIME', value: `${fmt(day)}T${PARTS_OF_DAY[g.part!.toLowerCase()]}` };
    },
  },
  {
    family: 'relative: that night, earlier in the day',
    re: re(String.raw`${B}(?:that\s+(?<part>morning|afternoon|evening|night|day)|(?:earlier|later)\s+that\s+day|the\s+day\s+(?<dir>before|after)(?=\s*[,.;:!?)]))${E}`),
    norm: (g, c) => {
      if (c.anchor.gran !== 'day') return null;
      const dir = g.dir?.toLowerCase();
      const day = dir ? addDays(c.anchor, dir === 'before' ? -1 : 1) : c.anchor;
      const part = g.part?.toLowerCase();
      if (part && part !== 'day') return { type: 'TIME', value: `${fmt(day)}T${PARTS_OF_DAY[part]}` };
      return date(fmt(day));
    },
  },
  {
    family: 'relative: the day before/after a named day',
    trigger: /day\s+(?:before|after)/i,
    re: re(String.raw`${B}the\s+day\s+(?<dir>before|after)\s+(?:(?<rel>last|next|this|past|coming)\s+(?<wd>${WEEKDAY})|(?<wd2>${WEEKDAY})|(?<mon>${MONTH})\s+(?<day>${DAYNUM})(?:,?\s+(?<yr>${YEAR4}))?)${E}`),
    check: (g) => capital(g.wd ?? g.wd2 ?? g.mon),
    norm: (g, c) => {
      let day: Cal;
      if (g.mon) {
        const mo = monthNumber(g.mon);
        const d = parseInt(g.day!, 10);
        const y = g.yr ? parseInt(g.yr, 10) : inferYear(c, mo, d);
        if (!isValidDay(y, mo, d)) return null;
        day = dayCal(y, mo, d);
      } else day = resolveWeekday(c, weekdayNumber((g.wd ?? g.wd2)!), g.rel);
      return date(fmt(addDays(day, g.dir!.toLowerCase() === 'before' ? -1 : 1)));
    },
  },
  {
    family: 'relative: part of the day',
    re: re(String.raw`${B}(?:(?:early|late|mid)[\s-]?|the\s+)(?<part>morning|afternoon|evening)${E}(?!\s+of\b)`),
    norm: (g, c) => {
      // Part of the day under discussion: the last mentioned day when there is one nearby, else the DCT's.
      const day = c.anchor.gran === 'day' && c.anchorDistance < 200 ? c.anchor : c.dct;
      return { type: 'TIME', value: `${fmt(day)}T${PARTS_OF_DAY[g.part!.toLowerCase()]}` };
    },
  },
  {
    family: 'relative: this/last/next unit',
    re: re(String.raw`${B}(?:${MOD}|(?<the>the)\s+|(?:earlier|later)\s+(?=(?:this|last|next)\s+(?:year|month)))?(?<rel>last|past|previous|prior|this|current|next|coming|following|that|same|latest)\s+(?<unit>day|week|weekend|month|quarter|year|decade|century|spring|summer|fall|autumn|winter)${E}(?!-)`),
    check: (g, text, s) => {
      const rel = g.rel!.toLowerCase();
      if (['previous', 'prior', 'following', 'same', 'latest'].includes(rel) && !g.the) return false;
      if (g.unit!.toLowerCase() === 'day' && !['previous', 'prior', 'following', 'same', 'next', 'that'].includes(rel)) return false;
      return true;
    },
    norm: (g, c) => {
      const rel = g.rel!.toLowerCase();
      const unit = g.unit!.toLowerCase();
      const spec = REL_WORDS[rel]!;
      if (unit in SEASONS) {
        const code = SEASONS[unit]!;
        return date(`${seasonYear(c, code, rel)}-${code}`);
      }
      if (unit === 'weekend' && spec.base === 'dct') return date(weekendValue(c, spec.n));
      let base = spec.base === 'dct' ? c.dct : c.anchor;
      if (rel === 'latest' && unit === 'quarter' && c.anchor.gran !== 'quarter') base = shift(coarsen(c.dct, 'quarter'), -1, 'quarter');
      if (rel === 'latest' && unit !== 'quarter') return null;
      const v = unitValue(base, unit, spec.n);
      if (!v) return null;
      return date(v, spec.base === 'dct');
    },
  },
  {
    family: 'relative: the unit',
    re: re(String.raw`${B}(?:(?<mod>(?:early|late|mid|the\s+(?:end|beginning|start|middle|rest|remainder)\s+of|(?:earlier|later)\s+in)\s+))?the\s+(?:(?<fiscal>fiscal)\s+|(?<full>full)\s+|(?<latest>latest|current)(?:\s+fiscal)?\s+)?(?<unit>quarter|weekend|week|month|year|period)${E}(?![-'])`),
    check: (g, text, s, e) => {
      const after = text.slice(e, e + 12);
      if (/^\s+end(?:ed|ing)\b/i.test(after)) return /year/i.test(g.unit!) || /quarter/i.test(g.unit!);
      if (g.unit!.toLowerCase() === 'period') return !!g.latest;
      if (g.mod) return true;
      // "died over the weekend after a fight": after "over" the weekend is the time, whatever follows.
      if (/^weekend$/i.test(g.unit!) && /\b(?:over|during)\s+$/i.test(text.slice(Math.max(0, s - 7), s))) return true;
      return !/^\s+(?:of|before|after|earlier|ago|later|in|to|end|that|when|ahead|\d)/i.test(after);
    },
    norm: (g, c) => {
      let unit = g.unit!.toLowerCase();
      if (unit === 'period') unit = 'quarter';
      const ended = /^\s+end(?:ed|ing)\b/i.test(c.after);
      if (unit === 'year' && (g.fiscal || (ended && !g.latest))) return { type: 'DURATION', value: 'P1Y' };
      if (unit === 'year' && (g.full || g.latest)) return date(String(c.dct.y), false);
      // A bare quarter is the one under discussion; "the year", "the month" are the DCT's.
      const base = unit !== 'quarter' ? c.dct : c.anchor.gran === 'quarter' ? c.anchor : shift(coarsen(c.dct, 'quarter'), -1, 'quarter');
      if (unit === 'weekend') return date(weekendValue(c, 0), false);
      const v = unitValue(base, unit, 0);
      return v ? date(v, false) : null;
    },
  },
  {
    family: 'relative: offset ago/later',
    re: re(String.raw`${B}(?:(?:about|around|almost|nearly|roughly|approximately|some|more\s+than|less\s+than|just|only|over|barely|at\s+least|exactly|fully)\s+)?(?<q>${QUANTITY})(?:\s+or\s+(?:so|more|${NUMBER}))?[\s-]+(?<unit>${UNIT}|fortnights?)(?:\s+or\s+so)?\s+(?<dir>ago|earlier|later|before|after|beforehand|afterwards?|afterward|from\s+now|hence|back|previously|prior)${E}`),
    check: (g, text, s, e) => {
      const dir = g.dir!.toLowerCase();
      // "three days later", "an hour earlier": measured from another event, not the DCT. TimeML marks the
      // length ("three days", DURATION) and leaves the direction word as a signal; only coarse units
      // ("a year earlier") name a comparable calendar period.
      if (FINE_UNITS.has(parseUnit(g.unit!)) && !/^(ago|from\s+now|hence|back)$/.test(dir)) return false;
      // "two days before the vote": the date is the event's; leave it to the duration rule.
      if (/^(before|after|prior)$/.test(dir)) return /^\s*([.,;:!?)"']|$|\n)/.test(text.slice(e, e + 3));
      return true;
    },
    norm: (g, c) => relativeOffset(c, g),
  },
  {
    family: 'relative: weekday',
    re: re(String.raw`${B}(?:(?<mod>early|late|mid)\s+)?(?:(?<rel>last|next|this|past|coming)\s+)?(?<wd>${WEEKDAY})(?:\s+(?<part>morning|afternoon|evening|night))?${E}`),
    check: (g, text, s, e) => capital(g.wd) && !(g.wd === text.slice(s, e) && weekdayInName(text, s, e)),
    norm: (g, c) => {
      const day = resolveWeekday(c, weekdayNumber(g.wd!), g.rel);
      // "Friday night" keeps day precision: news annotation mostly gives the day, not the part of it.
      if (g.part) return date(fmt(day));
      return date(fmt(day));
    },
  },
  {
    family: 'relative: deictic word',
    re: re(String.raw`${B}(?:${alternation(Object.keys(DEICTIC))})${E}(?!-)`),
    check: (g, text, s, e) => {
      const w = text.slice(s, e).toLowerCase();
      // Adjectives only count before a noun that is not time-neutral ("current account" is not a time).
      // Bare adjectives are mostly not annotated; the phrase forms ("the future", "recent years") are.
      if (w === 'recent' || w === 'future') return false;
      if (w === 'current') return !/^\s+(?:account|accounts|affairs|events|of|flows?|liabilities|assets|ratio|yield|dollars|law|rules|debate)\b/i.test(text.slice(e, e + 14)) && !/\bthe\s+$/i.test(text.slice(Math.max(0, s - 4), s));
      if (w === 'soon' && /\bas\s+$/i.test(text.slice(Math.max(0, s - 4), s))) return false;
      // "most recently last October": the date that follows says when; "recently" only points at it.
      if (w === 'recently' && /\bmost\s+$/i.test(text.slice(Math.max(0, s - 5), s)) && RECENT_POINTER.test(text.slice(e, e + 30))) return false;
      // "today's youth", "in today's world": the present age in general, not the DCT.
      if (w === 'today' && GENERIC_TODAY.test(text.slice(e, e + 30))) return false;
      if (w === 'now' && /^\s+that\b/i.test(text.slice(e, e + 6))) return true;
      return true;
    },
    norm: (g, c, m) => {
      const key = m.toLowerCase().replace(/\s+/g, ' ');
      // "the crowd soon grew" narrates the past: no future reference there.
      if (key === 'soon' && c.tense() === 'past') return null;
      return DEICTIC[key]!(c);
    },
  },
  // ---- times of day
  {
    family: 'time: clock',
    re: re(String.raw`${B}(?:(?:about|around|approximately|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?(?:(?<h>\d{1,2})(?:[:.](?<mi>[0-5]\d))?\s*(?<ap>[ap]\.m\.|[ap]\.m${E}|[ap]m${E})|(?<h2>\d{1,2}):(?<mi2>[0-5]\d)(?![\d:])(?:\s+in\s+the\s+(?<ip2>morning|afternoon|evening))?|(?<h3>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:o'clock|in\s+the\s+(?<ip>morning|afternoon|evening))|(?<nm>noon|midnight|midday)|(?<h4>[01]\d|2[0-3])(?<mi4>[0-5]\d)(?=\s+(?:GMT|UTC|local\s+time)\b))(?:\s+(?<tz>EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT|CT|MT|GMT|UTC|BST|CET|CEST|IST|JST|local\s+time))?(?:,?\s+(?:on\s+)?(?<tday>${TIME_DAY}))?`),
    check: (g, text, s) => {
      if (g.nm && /\bhigh\s+$/i.test(text.slice(Math.max(0, s - 5), s))) return false;
      // "10:35 a.m. (0735 GMT)": a bracketed conversion of a time already given.
      if (g.h4 && /\(\s*$/.test(text.slice(Math.max(0, s - 2), s))) return false;
      if (g.tday && /^(mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i.test(g.tday) && !capital(g.tday)) return false;
      const h = parseInt(g.h ?? g.h2 ?? '0', 10);
      return h <= 24;
    },
    norm: (g, c) => {
      const day = timeDay(c, g);
      let h: number;
      let mi = parseInt(g.mi ?? g.mi2 ?? g.mi4 ?? '0', 10);
      if (g.nm) {
        const nm = g.nm.toLowerCase();
        h = nm === 'midnight' ? 24 : 12;
        mi = 0;
      } else {
        const raw = g.h ?? g.h2 ?? g.h4 ?? g.h3!;
        h = /^\d+$/.test(raw) ? parseInt(raw, 10) : HOUR_WORD[raw.toLowerCase()]!;
        const inThe = (g.ip ?? g.ip2)?.toLowerCase();
        const ap = g.ap?.toLowerCase() ?? (inThe && inThe !== 'morning' ? 'pm' : undefined);
        if (ap?.startsWith('p') && h < 12) h += 12;
        if (ap?.startsWith('a') && h === 12) h = 0;
      }
      return { type: 'TIME', value: `${fmt(day)}T${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}` };
    },
  },
  // ---- durations
  {
    family: 'duration: quantity unit',
    re: re(String.raw`${B}(?:(?:about|around|almost|nearly|roughly|approximately|at\s+least|at\s+most|(?:no\s+)?more\s+than|(?:no\s+)?less\s+than|up\s+to|over|under|some|another|an\s+additional|a\s+full|fully)\s+)?(?<det>(?:the|these|those|each\s+of\s+the)\s+(?:(?:first|last|past|next|previous|following|coming|final|entire|whole|full|initial|remaining|latest|other|recent)\s+)?)?(?<q>${QUANTITY})(?<range>\s*(?:to|or|-|\u2013)\s*${NUMBER}(?=[\s-]))?(?:\s+(?:more|additional|full|straight|consecutive))?(?<sep>\s+|-)(?<unit>${UNIT}|fortnights?)(?:\s+(?:or\s+so|and\s+a\s+half))?${E}(?!-old|-)`),
    check: (g, text, s, e) => {
      const u = g.unit!.toLowerCase();
      const plural = /s$/.test(u) || u === 'centuries';
      // "the 30-day rate": the hyphenated modifier alone; "52 years old" is an age.
      if (g.sep === '-' && g.det) return false;
      if (g.det && /^(over|under)\s/i.test(text.slice(s, e))) return false;
      // "three-quarters of its food" is a fraction: the hyphenated form of a duration is singular.
      if (g.sep === '-' && plural) return false;
      // "he one day hopes to": an indefinite future, not a length.
      if (/^one$/i.test(g.q!) && /^day$/i.test(u) && /\b(?:he|she|they|we|i|you|it|would|could|will|may|might|can)\s+$/i.test(text.slice(Math.max(0, s - 8), s))) return false;
      if (/^\s+old\b/i.test(text.slice(e, e + 5))) return false;
      if (/^(a|an)$/i.test(g.q!) && /(?:\d|\b(?:million|billion|thousand|percent|cents?|dollars?|seats|flights|shares|times|once|twice))[^\w.!?]{0,2}\s*$/i.test(text.slice(Math.max(0, s - 14), s))) return false;
      const q = g.q!.toLowerCase();
      // "a day" after a price or count is a rate ("$5 a day"); "one day" may be "some day".
      if ((q === 'a' || q === 'an') && plural) return false;
      if (q === 'some' && !plural) return false;
      // "a quarter of the oil", "in some quarters": a fraction, a group of people.
      if (/^quarters?$/.test(u) && (/^\s+of\b/i.test(text.slice(e, e + 4)) || q === 'some')) return false;
      // "a second attempt" is an ordinal; "24 hours a day" a rate.
      if (/^(a|an)$/.test(q) && /^(second|minute)$/.test(u) && !/^\s*(?:[.;:!?)]|later|earlier|ago|of|or|and|before|after)/i.test(text.slice(e, e + 8))) return false;
      if (/^(a|an)$/.test(q) && /\b(?:hours|days|weeks|months|times)\s+$/i.test(text.slice(Math.max(0, s - 8), s))) return false;
      if (/^(one|a|an)$/.test(q) && /\b(once|twice|times|per|\$\S*|cents?|dollars?)\s+$/i.test(text.slice(Math.max(0, s - 12), s))) return false;
      if (/^(one|a)\s+day$/i.test(text.slice(s, e)) && /^\s*(?:,|he|she|they|we|i|it|you)\b/i.test(text.slice(e, e + 8))) return false;
      return true;
    },
    norm: (g, c, m) => {
      const unit = parseUnit(g.unit!);
      let n = parseQuantity(g.q!);
      if (n !== null && /and\s+a\s+half$/i.test(m)) n += 0.5;
      return { type: 'DURATION', value: durationValue(n, unit, /fortnight/i.test(g.unit!)) };
    },
  },
  {
    family: 'duration: fraction of a unit',
    trigger: /half|quarter/i,
    // "half a century", "a quarter-century", "a quarter of a century": the fraction's length, in the next unit down.
    re: re(String.raw`${B}(?:(?<half>half\s+an?|a\s+half)[\s-]|(?<quarter>a\s+quarter|one\s+quarter)(?:\s+of\s+a)?[\s-])(?<unit>century|decade|year|day|hour)${E}(?!-)(?:\s+(?<dir>ago|earlier|later))?`),
    norm: (g, c) => {
      const years: Record<string, number> = { century: 100, decade: 10, year: 1 };
      const unit = g.unit!.toLowerCase();
      const part = g.half ? 0.5 : 0.25;
      if (g.dir) {
        // "half a century ago": the year that many years before the DCT (or after the last date, for "later").
        if (!(unit in years) || unit === 'year') return null;
        const n = years[unit]! * part * (g.dir.toLowerCase() === 'later' ? 1 : -1);
        return Number.isInteger(n) ? date(String((g.dir.toLowerCase() === 'ago' ? c.dct : c.anchor).y + n), false) : null;
      }
      if (unit in years) {
        const n = years[unit]! * part;
        return { type: 'DURATION', value: Number.isInteger(n) ? `P${n}Y` : `P${n * 12}M` };
      }
      return { type: 'DURATION', value: unit === 'day' ? `PT${24 * part}H` : `PT${60 * part}M` };
    },
  },
  {
    family: 'duration: unit-long adjective',
    trigger: /-long/i,
    // "a day-long meeting", "their decades-long feud": the length of what follows.
    re: re(String.raw`${B}(?<unit>hour|day|week|month|year|decade|century|hours|days|weeks|months|years|decades|centuries)-long${E}`),
    norm: (g) => {
      const plural = /s$/i.test(g.unit!);
      const unit = parseUnit(g.unit!);
      // An unknown number of decades or centuries is a span of years.
      if (plural && (unit === 'DE' || unit === 'CE')) return { type: 'DURATION', value: 'PXY' };
      return { type: 'DURATION', value: durationValue(plural ? null : 1, unit) };
    },
  },
  {
    family: 'duration: vague plural',
    re: re(String.raw`${B}(?:(?:the|these|those)\s+(?:(?:last|past|next|coming|recent|following|previous)\s+)?|(?:recent|coming|past)\s+)?(?<unit>days|weeks|months|years|decades|centuries|hours|minutes)(?:\s+(?:ahead|to\s+come))?${E}`),
    check: (g, text, s, e) => {
      const m = text.slice(s, e).toLowerCase();
      if (/^(days|weeks|months|years|decades|centuries|hours|minutes)$/.test(m)) return /\b(within|took|take|takes|lasted|lasting)\s+$/i.test(text.slice(Math.max(0, s - 10), s)) && !/^\s+(?:of|after|before|ago|later|earlier)\b/i.test(text.slice(e, e + 10));
      return !/^the\s+(days|weeks|months|years)$/.test(m) && !/^\s+(?:of|after|before|when)\b/i.test(text.slice(e, e + 10));
    },
    norm: (g, c, m) => {
      const unit = parseUnit(g.unit!);
      if (/^recent\s+years$/i.test(m)) return date('PAST_REF', false);
      return { type: 'DURATION', value: durationValue(null, unit) };
    },
  },
  // ---- sets
  {
    family: 'set: frequency',
    re: re(String.raw`${B}(?:(?<adv>daily|weekly|monthly|yearly|hourly|nightly|biweekly|semiannually|semi-annually)|per\s+(?<unit3>day|week|month|year)|(?:every|each)\s+(?:other\s+)?(?:(?<n>${NUMBER})\s+)?(?<unit>${UNIT}|(?<wd>${WEEKDAY}))|(?:every|each)\s+(?<season>spring|summer|fall|autumn|winter)|(?:every|each)\s+(?<pod>morning|afternoon|evening|night)|(?:once|twice|(?:${NUMBER})\s+times)\s+(?:a|an|per|each|every)\s+(?<unit2>${UNIT}))${E}`),
    check: (g, text, s) => {
      // "the daily tally" is an adjective, but "on a weekly basis" is a frequency.
      if (g.adv && /^(daily|weekly|monthly|quarterly)$/i.test(g.adv) && /\b(the|a|an)\s+$/i.test(text.slice(Math.max(0, s - 4), s))
        && !/^\s+basis\b/i.test(text.slice(s + g.adv.length, s + g.adv.length + 7))) return false;
      // "a daily newspaper", "Entertainment Weekly": a paper, not a frequency.
      if (g.adv && (/^\s+(?:news)?papers?\b|^\s+tabloids?\b/i.test(text.slice(s + g.adv.length, s + g.adv.length + 12))
        || (/^[A-Z]/.test(g.adv) && /[A-Z][a-z]+\s+$/.test(text.slice(Math.max(0, s - 20), s))))) return false;
      return !g.wd || capital(g.wd);
    },
    norm: (g) => {
      const adv = g.adv?.toLowerCase().replace('-', '');
      const byAdv: Record<string, string> = {
        daily: 'P1D', weekly: 'P1W', monthly: 'P1M', quarterly: 'P1Q', annually: 'P1Y', yearly: 'P1Y', hourly: 'PT1H', nightly: 'P1D', biweekly: 'P2W', semiannually: 'P6M',
      };
      if (adv) return { type: 'SET', value: byAdv[adv]! };
      if (g.wd) return { type: 'SET', value: `XXXX-WXX-${weekdayNumber(g.wd)}` };
      if (g.season) return { type: 'SET', value: `XXXX-${SEASONS[g.season.toLowerCase()]}` };
      if (g.pod) return { type: 'SET', value: `XXXX-XX-XXT${PARTS_OF_DAY[g.pod.toLowerCase()]}` };
      const n = g.n ? parseQuantity(g.n) : 1;
      return { type: 'SET', value: durationValue(n, parseUnit(g.unit ?? g.unit2 ?? g.unit3!)) };
    },
  },
  {
    family: 'set: plural weekday',
    re: re(String.raw`${B}(?<wd>${WEEKDAY})s(?:\s+(?<part>mornings|afternoons|evenings|nights))?${E}`),
    check: (g, text, s) => capital(g.wd) && /\bon\s+$/i.test(text.slice(Math.max(0, s - 4), s)),
    norm: (g) => ({ type: 'SET', value: `XXXX-WXX-${weekdayNumber(g.wd!)}${g.part ? 'T' + PARTS_OF_DAY[g.part.toLowerCase().slice(0, -1)] : ''}` }),
  },
];

