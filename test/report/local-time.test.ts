import { describe, expect, it } from 'vitest';
import { blockPeriod, blockStart, formTime, localOffset, toLocalTime } from '../../src/report/local-time.js';

describe('toLocalTime', () => {
  it('converts scan times to Dutch local time, winter (+1) and summer (+2)', () => {
    expect(toLocalTime('2026-01-14T23:30:00.000Z')).toBe('2026-01-15T00:30');
    expect(toLocalTime('2026-07-14T23:30:00.000Z')).toBe('2026-07-15T01:30');
  });
  it('follows the switch to summer time on the last Sunday of March', () => {
    expect(toLocalTime('2026-03-29T00:59:00.000Z')).toBe('2026-03-29T01:59');
    expect(toLocalTime('2026-03-29T01:00:00.000Z')).toBe('2026-03-29T03:00');
  });
});

describe('localOffset', () => {
  it('gives the offset of a local time for ISO 8601', () => {
    expect(localOffset('2026-01-15T12:00')).toBe('+01:00');
    expect(localOffset('2026-07-15T12:00')).toBe('+02:00');
  });
});

describe('formTime', () => {
  it('reads DD-MM-YY and HHMM digits as a local time', () => {
    expect(formTime('140326', '0930')).toBe('2026-03-14T09:30');
  });
  it('refuses what is no real date or time, and anything missing', () => {
    expect(formTime('310226', '0930')).toBeNull();
    expect(formTime('290225', '1200')).toBeNull();
    expect(formTime('290224', '1200')).toBe('2024-02-29T12:00');
    expect(formTime('140326', '2460')).toBeNull();
    expect(formTime('141326', '1200')).toBeNull();
    expect(formTime(null, '1200')).toBeNull();
    expect(formTime('14032', '1200')).toBeNull();
  });
});

describe('blockStart and blockPeriod', () => {
  it('puts a time in its 6-hour block or its day', () => {
    expect(blockStart('2026-03-14T05:59', '6h')).toBe('2026-03-14T00:00');
    expect(blockStart('2026-03-14T06:00', '6h')).toBe('2026-03-14T06:00');
    expect(blockStart('2026-03-14T23:10', '6h')).toBe('2026-03-14T18:00');
    expect(blockStart('2026-03-14T23:10', '1d')).toBe('2026-03-14T00:00');
  });
  it('ends a block 6 hours or a day after it starts, across midnight and month ends', () => {
    expect(blockPeriod('2026-03-14T18:00', '6h')).toEqual({ start: '2026-03-14T18:00', end: '2026-03-15T00:00' });
    expect(blockPeriod('2026-03-31T00:00', '1d')).toEqual({ start: '2026-03-31T00:00', end: '2026-04-01T00:00' });
  });
});
