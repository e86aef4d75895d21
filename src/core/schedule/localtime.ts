// Local dates and times in IANA time zones, DST-correct, with Intl only.

export interface LocalParts {
  /** 'YYYY-MM-DD' in the zone. */
  date: string;
  /** 'HH:MM' in the zone. */
  time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

function parts(instant: Date, timeZone: string): Record<string, string> {
  return Object.fromEntries(formatter(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
}

export function localParts(instant: Date, timeZone: string): LocalParts {
  const p = parts(instant, timeZone);
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** Offset of the zone from UTC at an instant, in minutes (London in summer: +60). */
function offsetMinutes(instant: Date, timeZone: string): number {
  const p = parts(instant, timeZone);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant when the wall clock in the zone shows this date and time. A time skipped by a DST change
 * (02:30 on a spring-forward night) becomes the same time after the jump; a repeated one takes its first occurrence.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // Try the offsets in force around that wall time; keep the earliest that reproduces it.
  const candidates = [...new Set([offsetMinutes(new Date(wall - 86_400_000), timeZone), offsetMinutes(new Date(wall + 86_400_000), timeZone)])]
    .map((offset) => new Date(wall - offset * 60_000))
    .sort((a, b) => a.getTime() - b.getTime());
  for (const candidate of candidates) {
    const local = localParts(candidate, timeZone);
    if (local.date === date && local.time === time) return candidate;
  }
  // In a DST gap no instant shows that time: use the offset from before the gap, which lands after the jump.
  return new Date(wall - offsetMinutes(new Date(wall - 86_400_000), timeZone) * 60_000);
}

/** The calendar day before or after an ISO date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

let zoneNames: string[] | undefined;

function knownZones(): string[] {
  zoneNames ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'];
  return zoneNames;
}

/** The zone's canonical spelling, or a message with the closest valid name. */
export function checkTimeZone(input: string): { ok: true; zone: string } | { ok: false; message: string } {
  const trimmed = input.trim();
  const exact = knownZones().find((zone) => zone.toLowerCase() === trimmed.toLowerCase());
  if (exact) return { ok: true, zone: exact };
  try {
    // Intl accepts some names missing from its list (aliases such as US/Eastern).
    const resolved = new Intl.DateTimeFormat('en', { timeZone: trimmed }).resolvedOptions().timeZone;
    return { ok: true, zone: resolved };
  } catch {
    const suggestion = closestZone(trimmed);
    return {
      ok: false,
      message: `"${trimmed.slice(0, 60)}" is not an IANA time zone. ${suggestion ? `Did you mean timezone: ${suggestion}?` : 'Use Area/City, for example timezone: Europe/London.'}`,
    };
  }
}

function closestZone(input: string): string | undefined {
  const wanted = input.toLowerCase().replace(/\s+/g, '_');
  const city = knownZones().find((zone) => zone.toLowerCase().split('/').at(-1) === wanted);
  if (city) return city;
  let best: { zone: string; distance: number } | undefined;
  for (const zone of knownZones()) {
    const distance = editDistance(wanted, zone.toLowerCase());
    if (!best || distance < best.distance) best = { zone, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(wanted.length / 4)) ? best.zone : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** 'HH:MM' (24-hour), accepting '9:00' and '0900'; or a message with the fix. */
export function checkLocalTime(input: string): { ok: true; time: string } | { ok: false; message: string } {
  const match = /^(\d{1,2}):?(\d{2})$/.exec(input.trim());
  if (match && Number(match[1]) < 24 && Number(match[2]) < 60) {
    return { ok: true, time: `${match[1]!.padStart(2, '0')}:${match[2]}` };
  }
  return { ok: false, message: `"${input.trim().slice(0, 20)}" is not a time. Use 24-hour HH:MM, for example time: 09:00 or time: 18:30.` };
}
