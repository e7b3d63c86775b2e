import { describe, expect, it } from 'vitest';
import type { Priority } from '@/types/api';
import { parseQuickAdd, type QuickAddProject } from '../parse-quick-add';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';

const INBOX = { id: 1, name: 'Inbox' };
const WORK = { id: 2, name: 'Work' };
const RENOVATION = { id: 3, name: 'Home renovation' };
const HOME = { id: 4, name: 'Home' };
const PROJECTS = [INBOX, WORK, RENOVATION, HOME];

/** Tuesday 1 December 2026: 19:00 in Berlin (CET), 13:00 in New York (EST). */
const TUE = '2026-12-01T18:00:00Z';
/** Saturday 27 March 2027, 11:00 CET: Berlin springs forward at 02:00 the next night. */
const BERLIN_SPRING_EVE = '2027-03-27T10:00:00Z';
/** Saturday 13 March 2027, 10:00 EST: New York springs forward at 02:00 the next night. */
const NEW_YORK_SPRING_EVE = '2027-03-13T15:00:00Z';

type Row = {
  text: string;
  now: string;
  zone: string;
  title: string;
  due: string | null;
  priority?: Priority;
  labels?: string[];
  project?: QuickAddProject;
  recurrence?: string;
  repeats?: string;
};

const rows: Row[] = [
  // Dates and times, read in the user's zone.
  {
    text: 'Call Anna tomorrow 9am',
    now: TUE,
    zone: BERLIN,
    title: 'Call Anna',
    due: '2026-12-02T08:00:00Z',
  },
  {
    text: 'Call Anna tomorrow 9am',
    now: TUE,
    zone: NEW_YORK,
    title: 'Call Anna',
    due: '2026-12-02T14:00:00Z',
  },
  {
    text: 'Pay rent tomorrow',
    now: TUE,
    zone: BERLIN,
    title: 'Pay rent',
    due: '2026-12-02T08:00:00Z',
  },
  {
    text: 'Call mom on sunday',
    now: TUE,
    zone: NEW_YORK,
    title: 'Call mom',
    due: '2026-12-06T14:00:00Z',
  },
  {
    text: 'Send report friday',
    now: TUE,
    zone: BERLIN,
    title: 'Send report',
    due: '2026-12-04T08:00:00Z',
  },
  // Chrono reads "next friday" as the Friday of next week.
  {
    text: 'Submit report next friday',
    now: TUE,
    zone: BERLIN,
    title: 'Submit report',
    due: '2026-12-11T08:00:00Z',
  },
  {
    text: 'Read 1984 tonight',
    now: TUE,
    zone: BERLIN,
    title: 'Read 1984',
    due: '2026-12-01T21:00:00Z',
  },
  {
    text: 'Party dec 31 5pm',
    now: TUE,
    zone: NEW_YORK,
    title: 'Party',
    due: '2026-12-31T22:00:00Z',
  },
  {
    text: 'Ring the bank at 4pm',
    now: TUE,
    zone: NEW_YORK,
    title: 'Ring the bank',
    due: '2026-12-01T21:00:00Z',
  },
  // 5pm has passed in Berlin: the next one.
  {
    text: 'Ring the bank at 5pm',
    now: TUE,
    zone: BERLIN,
    title: 'Ring the bank',
    due: '2026-12-02T16:00:00Z',
  },
  {
    text: 'Water plants in 3 days',
    now: TUE,
    zone: NEW_YORK,
    title: 'Water plants',
    due: '2026-12-04T14:00:00Z',
  },
  // Across the spring daylight-saving changes: the wall-clock time holds.
  {
    text: 'Pay rent tomorrow 9am',
    now: BERLIN_SPRING_EVE,
    zone: BERLIN,
    title: 'Pay rent',
    due: '2027-03-28T07:00:00Z',
  },
  {
    text: 'Pay rent tomorrow 9am',
    now: NEW_YORK_SPRING_EVE,
    zone: NEW_YORK,
    title: 'Pay rent',
    due: '2027-03-14T13:00:00Z',
  },
  {
    text: 'Water plants in 3 days',
    now: BERLIN_SPRING_EVE,
    zone: BERLIN,
    title: 'Water plants',
    due: '2027-03-30T07:00:00Z',
  },
  {
    text: 'Dentist monday 4pm',
    now: NEW_YORK_SPRING_EVE,
    zone: NEW_YORK,
    title: 'Dentist',
    due: '2027-03-15T20:00:00Z',
  },
  // A time the change skips moves forward by the gap (02:30 CET does not exist: 03:30 CEST).
  {
    text: 'Feed cat today 2:30am',
    now: '2027-03-27T23:30:00Z',
    zone: BERLIN,
    title: 'Feed cat',
    due: '2027-03-28T01:30:00Z',
  },
  // A span from now is exact, whatever the clocks do.
  {
    text: 'Check oven in 2 hours',
    now: '2027-03-28T00:30:00Z',
    zone: BERLIN,
    title: 'Check oven',
    due: '2027-03-28T02:30:00Z',
  },
  // Across the autumn changes.
  {
    text: 'Sleep in tomorrow 9am',
    now: '2027-10-30T10:00:00Z',
    zone: BERLIN,
    title: 'Sleep in',
    due: '2027-10-31T08:00:00Z',
  },
  {
    text: 'Sleep in tomorrow 9am',
    now: '2027-11-06T14:00:00Z',
    zone: NEW_YORK,
    title: 'Sleep in',
    due: '2027-11-07T14:00:00Z',
  },
  // Month ends and the leap day.
  {
    text: 'Invoice in 1 month',
    now: '2027-01-31T10:00:00Z',
    zone: BERLIN,
    title: 'Invoice',
    due: '2027-02-28T08:00:00Z',
  },
  {
    text: 'Invoice next month',
    now: '2027-01-31T10:00:00Z',
    zone: NEW_YORK,
    title: 'Invoice',
    due: '2027-02-28T14:00:00Z',
  },
  {
    text: 'Invoice in 1 month',
    now: '2028-01-31T12:00:00Z',
    zone: BERLIN,
    title: 'Invoice',
    due: '2028-02-29T08:00:00Z',
  },
  {
    text: 'Leap party tomorrow 8pm',
    now: '2028-02-28T12:00:00Z',
    zone: NEW_YORK,
    title: 'Leap party',
    due: '2028-03-01T01:00:00Z',
  },
  {
    text: 'Leap day Feb 29 2028 5pm',
    now: TUE,
    zone: NEW_YORK,
    title: 'Leap day',
    due: '2028-02-29T22:00:00Z',
  },
  {
    text: 'New year jan 1 10am',
    now: TUE,
    zone: BERLIN,
    title: 'New year',
    due: '2027-01-01T09:00:00Z',
  },
  // Priorities: words or Todoist's numbers (1 = urgent … 4 = low); the last one counts.
  {
    text: 'Fix bug !urgent',
    now: TUE,
    zone: BERLIN,
    title: 'Fix bug',
    due: null,
    priority: 'urgent',
  },
  { text: 'Fix !HIGH bug', now: TUE, zone: BERLIN, title: 'Fix bug', due: null, priority: 'high' },
  { text: 'Fix bug !1', now: TUE, zone: BERLIN, title: 'Fix bug', due: null, priority: 'urgent' },
  { text: '!4 Tidy desk', now: TUE, zone: BERLIN, title: 'Tidy desk', due: null, priority: 'low' },
  {
    text: 'Ship it !low !medium',
    now: TUE,
    zone: BERLIN,
    title: 'Ship it',
    due: null,
    priority: 'medium',
  },
  { text: 'Price is 5!high', now: TUE, zone: BERLIN, title: 'Price is 5!high', due: null },
  // Labels, several, folded without case; quoted for spaces; "C#" is no label.
  {
    text: 'Buy milk #shopping #errands',
    now: TUE,
    zone: BERLIN,
    title: 'Buy milk',
    due: null,
    labels: ['shopping', 'errands'],
  },
  { text: 'Sort #Post #post', now: TUE, zone: BERLIN, title: 'Sort', due: null, labels: ['Post'] },
  {
    text: 'Tag #"long label" here',
    now: TUE,
    zone: BERLIN,
    title: 'Tag here',
    due: null,
    labels: ['long label'],
  },
  { text: 'Learn C#', now: TUE, zone: BERLIN, title: 'Learn C#', due: null },
  // Projects: the longest known name after @, any case, or a quoted one.
  {
    text: 'Paint walls @Home renovation',
    now: TUE,
    zone: BERLIN,
    title: 'Paint walls',
    due: null,
    project: RENOVATION,
  },
  {
    text: 'Paint @home walls',
    now: TUE,
    zone: BERLIN,
    title: 'Paint walls',
    due: null,
    project: HOME,
  },
  {
    text: 'Paint @"home renovation" walls at 5pm',
    now: TUE,
    zone: BERLIN,
    title: 'Paint walls',
    due: '2026-12-02T16:00:00Z',
    project: RENOVATION,
  },
  { text: 'Mail bob@work', now: TUE, zone: BERLIN, title: 'Mail bob@work', due: null },
  { text: 'Plan @Holiday trip', now: TUE, zone: BERLIN, title: 'Plan @Holiday trip', due: null },
  // Recurrences; without a date, the first occurrence after now, at 09:00 unless a time is given.
  {
    text: 'Standup every 2 weeks on mon',
    now: TUE,
    zone: BERLIN,
    title: 'Standup',
    due: '2026-12-07T08:00:00Z',
    recurrence: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO',
    repeats: 'every 2 weeks on Monday',
  },
  {
    text: 'Review every monday',
    now: TUE,
    zone: NEW_YORK,
    title: 'Review',
    due: '2026-12-07T14:00:00Z',
    recurrence: 'FREQ=WEEKLY;BYDAY=MO',
    repeats: 'every Monday',
  },
  {
    text: 'Water plants every day',
    now: TUE,
    zone: BERLIN,
    title: 'Water plants',
    due: '2026-12-02T08:00:00Z',
    recurrence: 'FREQ=DAILY',
    repeats: 'every day',
  },
  {
    text: 'Gym every weekday 7am',
    now: TUE,
    zone: BERLIN,
    title: 'Gym',
    due: '2026-12-02T06:00:00Z',
    recurrence: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
    repeats: 'every weekday',
  },
  {
    text: 'Bins every tuesday and fri',
    now: TUE,
    zone: BERLIN,
    title: 'Bins',
    due: '2026-12-04T08:00:00Z',
    recurrence: 'FREQ=WEEKLY;BYDAY=TU,FR',
    repeats: 'every Tuesday and Friday',
  },
  {
    text: 'Rent every month on the 15th',
    now: TUE,
    zone: BERLIN,
    title: 'Rent',
    due: '2026-12-15T08:00:00Z',
    recurrence: 'FREQ=MONTHLY;BYMONTHDAY=15',
    repeats: 'every month on the 15th',
  },
  {
    text: 'Pay card every month on the last day',
    now: TUE,
    zone: BERLIN,
    title: 'Pay card',
    due: '2026-12-31T08:00:00Z',
    recurrence: 'FREQ=MONTHLY;BYMONTHDAY=-1',
    repeats: 'every month on the last day',
  },
  {
    text: 'Book club every month on the last friday',
    now: TUE,
    zone: NEW_YORK,
    title: 'Book club',
    due: '2026-12-25T14:00:00Z',
    recurrence: 'FREQ=MONTHLY;BYDAY=-1FR',
    repeats: 'every month on the last Friday',
  },
  {
    text: 'Call grandma every other week',
    now: TUE,
    zone: BERLIN,
    title: 'Call grandma',
    due: '2026-12-02T08:00:00Z',
    recurrence: 'FREQ=WEEKLY;INTERVAL=2',
    repeats: 'every 2 weeks',
  },
  {
    text: 'Backup every 3 days 22:00',
    now: TUE,
    zone: BERLIN,
    title: 'Backup',
    due: '2026-12-01T21:00:00Z',
    recurrence: 'FREQ=DAILY;INTERVAL=3',
    repeats: 'every 3 days',
  },
  {
    text: 'Brunch every weekend',
    now: TUE,
    zone: BERLIN,
    title: 'Brunch',
    due: '2026-12-05T08:00:00Z',
    recurrence: 'FREQ=WEEKLY;BYDAY=SA,SU',
    repeats: 'every weekend',
  },
  {
    text: 'Taxes every year',
    now: TUE,
    zone: NEW_YORK,
    title: 'Taxes',
    due: '2026-12-02T14:00:00Z',
    recurrence: 'FREQ=YEARLY',
    repeats: 'every year',
  },
  // The first Monday falls after the change: 09:00 CEST.
  {
    text: 'Standup every monday',
    now: BERLIN_SPRING_EVE,
    zone: BERLIN,
    title: 'Standup',
    due: '2027-03-29T07:00:00Z',
    recurrence: 'FREQ=WEEKLY;BYDAY=MO',
    repeats: 'every Monday',
  },
  // February has no 31st: the first is 31 March, after the change.
  {
    text: 'Rent every month on the 31st',
    now: '2027-02-01T10:00:00Z',
    zone: BERLIN,
    title: 'Rent',
    due: '2027-03-31T07:00:00Z',
    recurrence: 'FREQ=MONTHLY;BYMONTHDAY=31',
    repeats: 'every month on the 31st',
  },
  // A date given is the first occurrence.
  {
    text: 'Call Anna tomorrow 9am !high #work every monday',
    now: TUE,
    zone: BERLIN,
    title: 'Call Anna',
    due: '2026-12-02T08:00:00Z',
    priority: 'high',
    labels: ['work'],
    recurrence: 'FREQ=WEEKLY;BYDAY=MO',
    repeats: 'every Monday',
  },
  {
    text: 'Sprint demo @Work every 2 weeks on fri 3pm !2 #team',
    now: TUE,
    zone: NEW_YORK,
    title: 'Sprint demo',
    due: '2026-12-04T20:00:00Z',
    priority: 'high',
    labels: ['team'],
    project: WORK,
    recurrence: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR',
    repeats: 'every 2 weeks on Friday',
  },
];

describe('parseQuickAdd', () => {
  it.each(rows)('“$text” at $now in $zone', (row) => {
    const result = parseQuickAdd(row.text, {
      now: new Date(row.now),
      timeZone: row.zone,
      projects: PROJECTS,
    });
    expect({
      title: result.title,
      due_date: result.due_date,
      priority: result.priority,
      labels: result.labels,
      project: result.project,
      recurrence: result.recurrence,
      repeats: result.repeats,
    }).toEqual({
      title: row.title,
      due_date: row.due,
      priority: row.priority ?? null,
      labels: row.labels ?? [],
      project: row.project ?? null,
      recurrence: row.recurrence ?? null,
      repeats: row.repeats ?? null,
    });
  });

  it('has a table of at least 40 phrases', () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
  });

  it('marks where each recognised part is in the line', () => {
    const text = 'Call Anna tomorrow 9am !high #work @Home renovation every monday';
    const { parts } = parseQuickAdd(text, {
      now: new Date(TUE),
      timeZone: BERLIN,
      projects: PROJECTS,
    });
    expect(parts.map((p) => [p.kind, text.slice(p.start, p.end)])).toEqual([
      ['due', 'tomorrow 9am'],
      ['priority', '!high'],
      ['label', '#work'],
      ['project', '@Home renovation'],
      ['recurrence', 'every monday'],
    ]);
  });

  it('takes "at" with the time it introduces out of the title', () => {
    const text = 'Ring the bank at 4pm';
    const { parts } = parseQuickAdd(text, { now: new Date(TUE), timeZone: NEW_YORK, projects: [] });
    expect(parts.map((p) => text.slice(p.start, p.end))).toEqual(['at 4pm']);
  });
});
