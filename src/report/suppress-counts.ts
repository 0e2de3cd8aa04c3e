/**
 * Small-cell suppression for every published count: 1–4 are hidden as `<5` (primary), and for every published sum
 * (a "line": parts and their total) one more cell is hidden when only one is, so no hidden count can be worked out
 * from a total (complementary). Pure; knows nothing of forms or files.
 */

/** Statistics offices use 3 or 5; domain.md §5.3 chooses 5 (counts 1–4 are never shown). */
export const MIN_CELL_COUNT = 5;

export type Suppression = 'primary' | 'complementary';

export interface CountEntry {
  readonly value: number;
  /** false for counts that describe no people (stock, radio load of a station): shown as they are. */
  readonly protect: boolean;
}

/** Entry keys whose values add up: every key but the last sums to the last (the total). */
export type Line = readonly string[];

/**
 * Which entries to hide. Iterates until stable: a line with exactly one hidden entry gets its smallest non-zero
 * visible part hidden too (the total only when no part is left), which may open another line, and so on.
 */
export function suppressCounts(entries: ReadonlyMap<string, CountEntry>, lines: readonly Line[]): Map<string, Suppression> {
  const hidden = new Map<string, Suppression>();
  for (const [key, entry] of entries) {
    if (entry.protect && entry.value >= 1 && entry.value < MIN_CELL_COUNT) hidden.set(key, 'primary');
  }
  // Only lines that can be solved for a hidden cell matter; index them by member for the work list.
  const linesOf = new Map<string, number[]>();
  lines.forEach((line, index) => {
    for (const key of line) {
      const list = linesOf.get(key);
      if (list) list.push(index); else linesOf.set(key, [index]);
    }
  });
  const queue: number[] = lines.map((_, index) => index);
  const queued = new Set<number>(queue);
  while (queue.length > 0) {
    const index = queue.shift()!;
    queued.delete(index);
    const line = lines[index]!;
    let hiddenCount = 0;
    for (const key of line) if (hidden.has(key)) hiddenCount++;
    if (hiddenCount !== 1) continue;
    const total = line[line.length - 1];
    let best: string | undefined;
    let bestValue = Infinity;
    for (const key of line) {
      if (key === total || hidden.has(key)) continue;
      const value = entries.get(key)?.value ?? 0;
      if (value > 0 && (value < bestValue || (value === bestValue && best !== undefined && key < best))) {
        best = key;
        bestValue = value;
      }
    }
    if (best === undefined && total !== undefined && !hidden.has(total) && (entries.get(total)?.value ?? 0) > 0) best = total;
    if (best === undefined) continue;
    hidden.set(best, 'complementary');
    for (const other of linesOf.get(best) ?? []) {
      if (!queued.has(other)) {
        queued.add(other);
        queue.push(other);
      }
    }
  }
  return hidden;
}
