import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { suppressCounts, type CountEntry, type Line } from '../../src/report/suppress-counts.js';

/** A table with row and column totals, as entries and lines (each row and column adds up to its total). */
function table(cells: number[][]): { entries: Map<string, CountEntry>; lines: Line[] } {
  const entries = new Map<string, CountEntry>();
  const lines: Line[] = [];
  const rows = cells.length;
  const cols = cells[0]!.length;
  let grand = 0;
  for (let r = 0; r < rows; r++) {
    let total = 0;
    for (let c = 0; c < cols; c++) {
      entries.set(`${r},${c}`, { value: cells[r]![c]!, protect: true });
      total += cells[r]![c]!;
    }
    entries.set(`${r},T`, { value: total, protect: true });
    grand += total;
    lines.push([...Array.from({ length: cols }, (_, c) => `${r},${c}`), `${r},T`]);
  }
  for (let c = 0; c < cols; c++) {
    const total = cells.reduce((sum, row) => sum + row[c]!, 0);
    entries.set(`T,${c}`, { value: total, protect: true });
    lines.push([...Array.from({ length: rows }, (_, r) => `${r},${c}`), `T,${c}`]);
  }
  entries.set('T,T', { value: grand, protect: true });
  lines.push([...Array.from({ length: rows }, (_, r) => `${r},T`), 'T,T']);
  lines.push([...Array.from({ length: cols }, (_, c) => `T,${c}`), 'T,T']);
  return { entries, lines };
}

/** Whether some hidden entry can be worked out exactly: a line with exactly one hidden entry. */
function leaks(lines: readonly Line[], hidden: ReadonlyMap<string, unknown>): string[] {
  return lines.filter((line) => line.filter((key) => hidden.has(key)).length === 1).map((line) => line.find((key) => hidden.has(key))!);
}

describe('suppressCounts', () => {
  it('protects a cell that naive suppression would leak through the row total', () => {
    // Site A: 3 households need water, 10 food, 12 shelter, 25 in all. Hiding only "3" leaves 25 − 10 − 12 = 3.
    const { entries, lines } = table([[3, 10, 12], [20, 15, 30]]);
    const naive = new Map([...entries].filter(([, entry]) => entry.value >= 1 && entry.value <= 4).map(([key]) => [key, 'primary']));
    expect(leaks(lines, naive)).toEqual(['0,0', '0,0']);
    const hidden = suppressCounts(entries, lines);
    expect(hidden.get('0,0')).toBe('primary');
    expect(leaks(lines, hidden)).toEqual([]);
    // The smallest other cell in the row is the complement, and the column needs its own complement too.
    expect(hidden.get('0,1')).toBe('complementary');
    expect(hidden.get('1,0') ?? hidden.get('T,0')).toBe('complementary');
  });

  it('shows zeros and counts of five or more when nothing is small', () => {
    const { entries, lines } = table([[0, 5, 12], [7, 0, 30]]);
    expect(suppressCounts(entries, lines).size).toBe(0);
  });

  it('hides a small total together with its small parts', () => {
    const { entries, lines } = table([[2, 0], [0, 9]]);
    const hidden = suppressCounts(entries, lines);
    expect(hidden.get('0,0')).toBe('primary');
    expect(hidden.get('0,T')).toBe('primary');
    expect(leaks(lines, hidden)).toEqual([]);
  });

  it('never hides counts that describe no people', () => {
    const entries = new Map<string, CountEntry>([['a', { value: 2, protect: false }], ['b', { value: 7, protect: false }], ['t', { value: 9, protect: false }]]);
    expect(suppressCounts(entries, [['a', 'b', 't']]).size).toBe(0);
  });

  it('leaves no line with exactly one hidden entry and no visible count of 1–4, for any table', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 5 }).chain((rows) => fc.integer({ min: 1, max: 6 }).chain((cols) =>
        fc.array(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 60 })), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }))),
      (cells) => {
        const { entries, lines } = table(cells);
        const hidden = suppressCounts(entries, lines);
        expect(leaks(lines, hidden)).toEqual([]);
        for (const [key, entry] of entries) if (entry.value >= 1 && entry.value <= 4) expect(hidden.has(key)).toBe(true);
      },
    ), { seed: 7, numRuns: 300 });
  });
});
