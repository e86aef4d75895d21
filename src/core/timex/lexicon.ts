// Word tables shared by the rules. Regex fragments are written for the 'i' flag; proper names
// (months, weekdays) are checked for an initial capital by the rules that use them.

export const MONTH = String.raw`(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june|jun\.?|july|jul\.?|aug(?:ust|\.)?|sep(?:tember|t\.?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)(?![a-z])`;

const MONTH_INDEX = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
export const monthNumber = (s: string): number => MONTH_INDEX.indexOf(s.slice(0, 3).toLowerCase()) + 1;

export const WEEKDAY = String.raw`(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)`;
const WEEKDAY_INDEX = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** ISO weekday 1..7. */
export const weekdayNumber = (s: string): number => WEEKDAY_INDEX.indexOf(s.slice(0, 3).toLowerCase()) + 1;

export const DAYNUM = String.raw`(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)`;
export const YEAR4 = String.raw`(?:1[5-9]\d\d|20\d\d)(?![\d])`;

const SMALL: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70,
  eighty: 80, ninety: 90, hundred: 100, a: 1, an: 1, single: 1, half: 0.5, dozen: 12, couple: 2,
};

const TENS = 'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';
const ONES = 'one|two|three|four|five|six|seven|eight|nine';
const TEENS = 'ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen';
/** A cardinal number in words or digits. */
export const NUMBER = String.raw`(?:\d{1,3}(?:\.\d+|\s+1/2)?(?!\d)|(?:${TENS})(?:[- ](?:${ONES}))?|${TEENS}|${ONES}|(?:a |one )?hundred|a dozen|dozen)`;
/** Vague quantities: their value is X ("several years" = PXY). */
export const VAGUE = String.raw`(?:a few|few|several|some|many|a couple of|a couple|couple of|a number of|dozens of|hundreds of|numerous|the next few|a handful of)`;
/** A quantity before a unit. */
export const QUANTITY = String.raw`(?:${NUMBER}(?:\s+and\s+a\s+half)?|${VAGUE}|an|a)`;

/** Parses a QUANTITY match; null means vague (X). */
export function parseQuantity(s: string): number | null {
  const t = s.toLowerCase().replace(/\s+/g, ' ').trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  if (/^\d+ 1\/2$/.test(t)) return Number(t.split(' ')[0]) + 0.5;
  // "two and a half"
  const half = /^(.+) and a half$/.exec(t);
  if (half) {
    const whole = parseQuantity(half[1]!);
    return whole === null ? null : whole + 0.5;
  }
  if (/^(a|an|one|single)$/.test(t)) return 1;
  if (/^(a couple|a couple of|couple of)$/.test(t)) return 2;
  if (/^(a )?dozen$/.test(t)) return 12;
  if (/^(a |one )?hundred$/.test(t)) return 100;
  const parts = t.split(/[- ]/);
  if (parts.every((p) => p in SMALL)) return parts.reduce((sum, p) => sum + SMALL[p]!, 0);
  return null;
}

export type Unit = 'S' | 'MIN' | 'H' | 'D' | 'W' | 'WE' | 'M' | 'Q' | 'Y' | 'DE' | 'CE' | 'ML';
export const UNIT = String.raw`(?:seconds?|minutes?|mins|hours?|hrs?|yrs?|days?|nights?|weeks?|weekends?|fortnights?|months?|quarters?|years?|decades?|century|centuries|millenni(?:um|a))(?![a-z])`;

export function parseUnit(s: string): Unit {
  const t = s.toLowerCase();
  if (t.startsWith('sec')) return 'S';
  if (t.startsWith('min')) return 'MIN';
  if (t.startsWith('hour') || t.startsWith('hr')) return 'H';
  if (t.startsWith('day') || t.startsWith('night')) return 'D';
  if (t.startsWith('weekend')) return 'WE';
  if (t.startsWith('week') || t.startsWith('fortnight')) return 'W';
  if (t.startsWith('month')) return 'M';
  if (t.startsWith('quarter')) return 'Q';
  if (t.startsWith('year') || t.startsWith('yr')) return 'Y';
  if (t.startsWith('decade')) return 'DE';
  if (t.startsWith('centur')) return 'CE';
  return 'ML';
}

/** Half a unit in the next smaller one ("2 1/2 years" = P2Y6M). */
const HALF: Partial<Record<Unit, [string, string]>> = { Y: ['Y', '6M'], M: ['M', '15D'], D: ['D', 'T12H'], H: ['H', '30M'], MIN: ['M', '30S'] };

/** ISO 8601 duration for n units; n null gives X. */
export function durationValue(n: number | null, unit: Unit, fortnight = false): string {
  if (n !== null && n % 1 === 0.5 && HALF[unit]) {
    const [big, small] = HALF[unit]!;
    const whole = Math.floor(n);
    const timeUnit = unit === 'H' || unit === 'MIN';
    return `P${timeUnit ? 'T' : ''}${whole > 0 ? `${whole}${big}` : ''}${small}`;
  }
  const k = n === null ? 'X' : n;
  const num = (mult: number): string => (n === null ? 'X' : String(Math.round(n * mult * 1000) / 1000));
  switch (unit) {
    case 'S': return `PT${k}S`;
    case 'MIN': return `PT${k}M`;
    case 'H': return `PT${k}H`;
    case 'D': return `P${k}D`;
    case 'W': return fortnight ? `P${num(2)}W` : `P${k}W`;
    case 'WE': return `P${k}WE`;
    case 'M': return `P${k}M`;
    case 'Q': return `P${k}Q`;
    case 'Y': return `P${k}Y`;
    case 'DE': return n === null ? 'PXDE' : `P${num(10)}Y`;
    case 'CE': return n === null ? 'PXCE' : `P${num(100)}Y`;
    case 'ML': return n === null ? 'PXML' : `P${num(1000)}Y`;
  }
}

export const SEASONS: Record<string, string> = { spring: 'SP', summer: 'SU', fall: 'FA', autumn: 'FA', winter: 'WI' };
export const PARTS_OF_DAY: Record<string, string> = {
  morning: 'MO', afternoon: 'AF', evening: 'EV', night: 'NI', tonight: 'NI', overnight: 'NI',
};
export const ORDINALS: Record<string, number> = {
  first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, fifth: 5, sixth: 6,
  seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11, twelfth: 12, last: 4, final: 4,
};
