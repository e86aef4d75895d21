import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import type { DaySpan } from '../core/dates.js';
import { SEES_TOPIC } from './scope.js';

/** How many events of a topic fall in one year ('2012'), month ('2012-06') or day ('2012-06-19'). */
export interface PeriodCount {
  period: string;
  events: number;
}

export type CalendarUnit = 'year' | 'month' | 'day';

const PREFIX: Record<CalendarUnit, number> = { year: 4, month: 7, day: 10 };
const WHOLE_CALENDAR: DaySpan = { start: '0000-01-01', end: '9999-12-31' };

/**
 * Event counts per year, month or day, read from the per-date counts (a few rows per day, whatever the event
 * count): what the web timeline shows to zoom by. An event counts in a month or day only when its date is
 * that precise, so a "June 2012" event counts in 2012 and June 2012, not in any day.
 */
export class CalendarStore {
  private readonly statements: Record<CalendarUnit, Statement<Record<string, string | number>, PeriodCount>>;

  constructor(db: Db) {
    const statement = (unit: CalendarUnit) => db.prepare<Record<string, string | number>, PeriodCount>(`
      SELECT substr(date_start, 1, ${PREFIX[unit]}) AS period, sum(n) AS events FROM event_counts
      WHERE topic_id = @topicId AND ${SEES_TOPIC}
        AND date_start >= @start AND date_start <= @end AND date_end <= @end
        AND substr(date_start, 1, ${PREFIX[unit]}) = substr(date_end, 1, ${PREFIX[unit]})
      GROUP BY period HAVING sum(n) > 0 ORDER BY period`);
    this.statements = { year: statement('year'), month: statement('month'), day: statement('day') };
  }

  /** Counts per unit of the events of a topic the tenant sees, inside a span (all of them without one), in date order. */
  countsBy(tenant: string, topicId: number, unit: CalendarUnit, within: DaySpan = WHOLE_CALENDAR): PeriodCount[] {
    return this.statements[unit].all({ tenant, topicId, start: within.start, end: within.end });
  }
}
