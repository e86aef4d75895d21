// Calendar dates at their true precision: a day, a month or a year.
// Values look like ISO prefixes: "2015-08-13", "2015-08", "2015".

export type Precision = 'day' | 'month' | 'year';

export interface PartialDate {
  value: string;
  precision: Precision;
}

/** An inclusive span of calendar days, as ISO dates (they sort as strings). */
export interface DaySpan {
  start: string;
  end: string;
}

const VALUE_PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Parses "2015", "2015-08" or "2015-08-13", checking that the month and day exist. */
export function parsePartialDate(value: string): PartialDate | null {
  const match = VALUE_PATTERN.exec(value);
  if (!match) return null;
  const [, year, month, day] = match;
  if (month === undefined) return { value, precision: 'year' };
  const m = Number(month);
  if (m < 1 || m > 12) return null;
  if (day === undefined) return { value, precision: 'month' };
  const d = Number(day);
  if (d < 1 || d > daysInMonth(Number(year), m)) return null;
  return { value, precision: 'day' };
}

export function makeDate(year: number, month?: number, day?: number): PartialDate {
  if (month === undefined) return { value: pad(year, 4), precision: 'year' };
  if (day === undefined) return { value: `${pad(year, 4)}-${pad(month)}`, precision: 'month' };
  return { value: `${pad(year, 4)}-${pad(month)}-${pad(day)}`, precision: 'day' };
}

export function spanOf(date: PartialDate): DaySpan {
  if (date.precision === 'day') return { start: date.value, end: date.value };
  if (date.precision === 'month') {
    const [y, m] = date.value.split('-').map(Number) as [number, number];
    return { start: `${date.value}-01`, end: `${date.value}-${pad(daysInMonth(y, m))}` };
  }
  return { start: `${date.value}-01-01`, end: `${date.value}-12-31` };
}

/** True when one date lies within the other, e.g. 2012 and 2012-06: they can name the same happening. */
export function compatible(a: PartialDate, b: PartialDate): boolean {
  return a.value.startsWith(b.value) || b.value.startsWith(a.value);
}

const PRECISION_RANK: Record<Precision, number> = { year: 0, month: 1, day: 2 };

/** The more precise of two compatible dates. */
export function finer(a: PartialDate, b: PartialDate): PartialDate {
  return PRECISION_RANK[b.precision] > PRECISION_RANK[a.precision] ? b : a;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO day ('YYYY-MM-DD'): day arithmetic without time zones. */
export function dayNumber(isoDay: string): number {
  return Date.parse(`${isoDay}T00:00:00Z`) / DAY_MS;
}

/** The ISO day `days` after (or, negative, before) an ISO day. */
export function addDays(isoDay: string, days: number): string {
  return new Date((dayNumber(isoDay) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** The ISO date (UTC) of an instant. */
export function isoDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** "13 August 2015", "August 2015" or "2015": how people read a date at its precision. */
export function formatDate(date: PartialDate): string {
  const [y, m, d] = date.value.split('-').map(Number);
  if (date.precision === 'year') return String(y);
  const month = MONTH_NAMES[m! - 1]!;
  return date.precision === 'month' ? `${month} ${y}` : `${d} ${month} ${y}`;
}

const MONTH_LOOKUP: ReadonlyMap<string, number> = new Map(
  MONTH_NAMES.flatMap((name, index) => {
    const lower = name.toLowerCase();
    const forms = [lower, lower.slice(0, 3)];
    if (lower === 'september') forms.push('sept');
    return forms.map((form) => [form, index + 1] as const);
  }),
);

/** Month number for "aug", "August", "sept"…, or undefined. */
export function monthFromName(name: string): number | undefined {
  return MONTH_LOOKUP.get(name.toLowerCase().replace(/\.$/, ''));
}
