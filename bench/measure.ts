/** Small measuring kit for `npm run bench`: medians of repeated runs and a table printer. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Runs `work` `runs` times (after one warm-up) and returns the median wall time in milliseconds. */
export async function medianMs(runs: number, work: () => Promise<unknown> | unknown): Promise<number> {
  await work();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return median(times);
}

export type BenchFigures = Record<string, number | string>;

export function printFigures(title: string, figures: BenchFigures): void {
  console.log(`\n## ${title}`);
  for (const [key, value] of Object.entries(figures)) {
    console.log(`  ${key.padEnd(48)} ${typeof value === 'number' ? (Number.isInteger(value) ? value : value.toFixed(3)) : value}`);
  }
}
