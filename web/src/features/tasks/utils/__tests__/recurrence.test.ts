import { describe, expect, it } from 'vitest';
import {
  buildRule,
  defaultRecurrence,
  describeRule,
  parseRule,
  type RecurrenceState,
} from '../recurrence';

// Tuesday 8 December 2026, 09:00 in Berlin.
const due = Date.parse('2026-12-08T08:00:00Z');
const base = defaultRecurrence(due, 'Europe/Berlin');
const state = (changes: Partial<RecurrenceState>): RecurrenceState => ({ ...base, ...changes });

describe('the recurrence presets', () => {
  it.each<[string, Partial<RecurrenceState>, string]>([
    ['does not repeat', { preset: 'none' }, ''],
    ['every day', { preset: 'daily' }, 'FREQ=DAILY'],
    ['every weekday', { preset: 'weekdays' }, 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'],
    ['every week on one day', { preset: 'weekly', days: ['TU'] }, 'FREQ=WEEKLY;BYDAY=TU'],
    [
      'every week on several days, in week order',
      { preset: 'weekly', days: ['SU', 'MO', 'WE'] },
      'FREQ=WEEKLY;BYDAY=MO,WE,SU',
    ],
    [
      'every month on day 15',
      { preset: 'monthly-day', monthDay: 15 },
      'FREQ=MONTHLY;BYMONTHDAY=15',
    ],
    [
      'every month on its last day',
      { preset: 'monthly-day', monthDay: -1 },
      'FREQ=MONTHLY;BYMONTHDAY=-1',
    ],
    [
      'every month on the 2nd Tuesday',
      { preset: 'monthly-weekday', ordinal: 2, weekday: 'TU' },
      'FREQ=MONTHLY;BYDAY=2TU',
    ],
    [
      'every month on the last Friday',
      { preset: 'monthly-weekday', ordinal: -1, weekday: 'FR' },
      'FREQ=MONTHLY;BYDAY=-1FR',
    ],
    ['every year', { preset: 'yearly' }, 'FREQ=YEARLY'],
    [
      'a custom rule, trimmed',
      { preset: 'custom', custom: '  FREQ=DAILY;INTERVAL=3 ' },
      'FREQ=DAILY;INTERVAL=3',
    ],
  ])('%s builds its RRULE', (_name, changes, rule) => {
    expect(buildRule(state(changes))).toBe(rule);
  });

  it.each<[string, Partial<RecurrenceState>]>([
    ['none', { preset: 'none' }],
    ['daily', { preset: 'daily' }],
    ['weekdays', { preset: 'weekdays' }],
    ['weekly', { preset: 'weekly', days: ['MO', 'TH'] }],
    ['monthly-day', { preset: 'monthly-day', monthDay: 31 }],
    ['monthly-day (last)', { preset: 'monthly-day', monthDay: -1 }],
    ['monthly-weekday', { preset: 'monthly-weekday', ordinal: 3, weekday: 'WE' }],
    ['monthly-weekday (last)', { preset: 'monthly-weekday', ordinal: -1, weekday: 'SU' }],
    ['yearly', { preset: 'yearly' }],
  ])('%s reads back as the same preset and choices', (_name, changes) => {
    const built = state(changes);
    const read = parseRule(buildRule(built) || null, defaultRecurrence(0, 'UTC'));
    expect(read.preset).toBe(built.preset);
    expect(buildRule(read)).toBe(buildRule(built));
    if (built.preset === 'weekly') expect(read.days).toEqual(built.days);
    if (built.preset === 'monthly-day') expect(read.monthDay).toBe(built.monthDay);
    if (built.preset === 'monthly-weekday') {
      expect([read.ordinal, read.weekday]).toEqual([built.ordinal, built.weekday]);
    }
  });

  it('reads a preset written differently: parts in another order, lower case, RRULE: prefix', () => {
    expect(parseRule('BYDAY=FR,TU,WE,MO,TH;FREQ=WEEKLY', base).preset).toBe('weekdays');
    expect(parseRule('rrule:freq=monthly;byday=-1fr', base)).toMatchObject({
      preset: 'monthly-weekday',
      ordinal: -1,
      weekday: 'FR',
    });
    expect(parseRule('FREQ=WEEKLY;BYDAY=SA,TU', base)).toMatchObject({
      preset: 'weekly',
      days: ['TU', 'SA'],
    });
  });

  it.each([
    'FREQ=WEEKLY',
    'FREQ=MONTHLY',
    'FREQ=DAILY;INTERVAL=2',
    'FREQ=WEEKLY;BYDAY=TU;COUNT=5',
    'FREQ=WEEKLY;BYDAY=TU,TU',
    'FREQ=WEEKLY;BYDAY=2TU',
    'FREQ=MONTHLY;BYDAY=5TU',
    'FREQ=MONTHLY;BYMONTHDAY=32',
    'FREQ=MONTHLY;BYMONTHDAY=-2',
    'FREQ=YEARLY;BYMONTH=3',
    'FREQ=DAILY;FREQ=DAILY',
    'not a rule',
  ])('%s is no preset: custom, kept as written', (rule) => {
    expect(parseRule(rule, base)).toMatchObject({ preset: 'custom', custom: rule });
  });

  it('starts new choices from the due date in the task’s zone', () => {
    // 23:30 UTC on Tuesday 8 December is already Wednesday 9 December in Berlin.
    const late = defaultRecurrence(Date.parse('2026-12-08T23:30:00Z'), 'Europe/Berlin');
    expect(late).toMatchObject({ days: ['WE'], monthDay: 9, ordinal: 2, weekday: 'WE' });
    // The 29th is in the month's fifth week: "last".
    expect(defaultRecurrence(Date.parse('2026-12-29T12:00:00Z'), 'UTC')).toMatchObject({
      ordinal: -1,
      weekday: 'TU',
      monthDay: 29,
    });
  });

  it('describes a rule in words, a custom one as itself', () => {
    expect(describeRule('FREQ=MONTHLY;BYDAY=2TU')).toBe('Every month on the second Tuesday');
    expect(describeRule('FREQ=WEEKLY;BYDAY=MO,FR')).toBe('Every week on Monday, Friday');
    expect(describeRule('FREQ=DAILY;INTERVAL=2')).toBe('FREQ=DAILY;INTERVAL=2');
  });
});
