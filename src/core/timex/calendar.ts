// Calendar arithmetic over TIMEX3 values. All computations are in UTC days, no time zones.

export type Gran = 'day' | 'week' | 'month' | 'quarter' | 'half' | 'year' | 'decade' | 'century';

/** A calendar point at some granularity; finer fields are ignored above the granularity. */
export interface Cal {
  gran: Gran;
  y: number;
  m: number; // 1..12
  d: number; // 1..31
  w: number; // ISO week (only meaningful with gran 'week'; y is then the ISO year)
  q: number; // 1..4
  h: number; // 1..2
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function dayCal(y: number, m: number, d: number): Cal {
  return { gran: 'day', y, m, d, w: 0, q: Math.ceil(m / 3), h: m <= 6 ? 1 : 2 };
}

function fromUtc(t: Date): Cal {
  return dayCal(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

function toUtc(c: Cal): Date {
  return new Date(Date.UTC(c.y, c.m - 1, c.d));
}

export function parseDct(dct: string): Cal | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dct);
  if (!m) return null;
  const c = dayCal(+m[1]!, +m[2]!, +m[3]!);
  const t = toUtc(c);
  return t.getUTCMonth() + 1 === c.m && t.getUTCDate() === c.d ? c : null;
}

/** ISO weekday 1 (Monday) .. 7 (Sunday). */
export function weekday(c: Cal): number {
  const d = toUtc(c).getUTCDay();
  return d === 0 ? 7 : d;
}

export function addDays(c: Cal, n: number): Cal {
  const t = toUtc(c);
  t.setUTCDate(t.getUTCDate() + n);
  return fromUtc(t);
}

export function isoWeek(c: Cal): { y: number; w: number } {
  const t = toUtc(c);
  const wd = weekday(c);
  t.setUTCDate(t.getUTCDate() + 4 - wd); // Thursday of this week decides the year
  const y = t.getUTCFullYear();
  const jan1 = Date.UTC(y, 0, 1);
  return { y, w: Math.floor((t.getTime() - jan1) / 86400000 / 7) + 1 };
}

/** Monday of an ISO week. */
function weekMonday(y: number, w: number): Cal {
  const jan4 = dayCal(y, 1, 4);
  return addDays(jan4, 1 - weekday(jan4) + (w - 1) * 7);
}

/** Coarsens a point to a granularity (never refines: a year stays a year). */
export function coarsen(c: Cal, gran: Gran): Cal {
  const order: Gran[] = ['day', 'week', 'month', 'quarter', 'half', 'year', 'decade', 'century'];
  if (order.indexOf(gran) <= order.indexOf(c.gran)) return c;
  if (gran === 'week') {
    if (c.gran !== 'day') return c;
    const { y, w } = isoWeek(c);
    return { ...c, gran, y, w };
  }
  if (c.gran === 'week') {
    const mon = addDays(weekMonday(c.y, c.w), 3);
    return { ...mon, gran };
  }
  return { ...c, gran };
}

/** Shifts by n units of the given granularity, keeping the point's own granularity. */
export function shift(c: Cal, n: number, unit: Gran): Cal {
  switch (unit) {
    case 'day':
      return c.gran === 'day' ? addDays(c, n) : c.gran === 'week' ? shift(c, Math.trunc(n / 7), 'week') : c;
    case 'week': {
      if (c.gran === 'week') {
        const mon = addDays(weekMonday(c.y, c.w), 7 * n);
        return coarsen(mon, 'week');
      }
      return c.gran === 'day' ? addDays(c, 7 * n) : c;
    }
    case 'month':
    case 'quarter':
    case 'half': {
      const months = n * (unit === 'month' ? 1 : unit === 'quarter' ? 3 : 6);
      if (c.gran === 'week') return coarsen(shift(coarsen(c, 'month'), n, unit), 'month');
      const total = c.y * 12 + (c.m - 1) + months;
      const y = Math.floor(total / 12);
      const m = (total % 12) + 1;
      const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
      return { ...dayCal(y, m, Math.min(c.d, dim)), gran: c.gran, q: c.gran === 'quarter' ? Math.ceil(m / 3) : Math.ceil(m / 3), h: m <= 6 ? 1 : 2 };
    }
    case 'year':
      if (c.gran === 'week') return { ...c, y: c.y + n };
      return shift(c, 12 * n, 'month');
    case 'decade':
      return shift(c, 10 * n, 'year');
    case 'century':
      return shift(c, 100 * n, 'year');
  }
}

export function formatCal(c: Cal): string {
  const y = pad(c.y, 4);
  switch (c.gran) {
    case 'day':
      return `${y}-${pad(c.m)}-${pad(c.d)}`;
    case 'week':
      return `${y}-W${pad(c.w)}`;
    case 'month':
      return `${y}-${pad(c.m)}`;
    case 'quarter':
      return `${y}-Q${c.q}`;
    case 'half':
      return `${y}-H${c.h}`;
    case 'year':
      return y;
    case 'decade':
      return y.slice(0, 3);
    case 'century':
      return y.slice(0, 2);
  }
}

/** Parses a calendar value this tagger produces (dates, decades, centuries, TIME values with a day); null for anything else. */
export function parseCal(value: string): Cal | null {
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/.exec(value);
  if (m) return dayCal(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{4})-W(\d{1,2})(?:-WE)?$/.exec(value);
  if (m) return { ...dayCal(+m[1]!, 1, 1), gran: 'week', w: +m[2]! };
  m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) return { ...dayCal(+m[1]!, +m[2]!, 1), gran: 'month' };
  m = /^(\d{4})-Q([1-4])$/.exec(value);
  if (m) return { ...dayCal(+m[1]!, (+m[2]! - 1) * 3 + 1, 1), gran: 'quarter' };
  m = /^(\d{4})-H([12])$/.exec(value);
  if (m) return { ...dayCal(+m[1]!, +m[2]! === 1 ? 1 : 7, 1), gran: 'half' };
  m = /^(\d{4})$/.exec(value);
  if (m) return { ...dayCal(+m[1]!, 1, 1), gran: 'year' };
  m = /^(\d{3})$/.exec(value);
  if (m) return { ...dayCal(+m[1]! * 10, 1, 1), gran: 'decade' };
  m = /^(\d{2})$/.exec(value);
  if (m) return { ...dayCal(+m[1]! * 100, 1, 1), gran: 'century' };
  return null;
}

/** Days between two day points (b - a). */
export function dayDiff(a: Cal, b: Cal): number {
  return Math.round((toUtc(b).getTime() - toUtc(a).getTime()) / 86400000);
}

export function isValidDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}
