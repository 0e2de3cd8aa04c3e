/**
 * Simulator throughput per capture profile: median seconds per simulated page (fill + capture + encode) over a few
 * intake pages, pages per second, CPU seconds per page (honest on a shared machine), and the projected time for 100
 * scan-300 pages (goal: under 60 s).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseForm } from '../src/model/index.js';
import { renderSheetsPdf } from '../src/print/index.js';
import { PROFILE_NAMES, simulateForm, type ProfileName } from '../src/simulate/index.js';

/** Sheets per profile: intake has 2 pages, so 3 sheets = 6 pages; the first page carries the warm-up and the median drops it. */
const SHEETS_PER_PROFILE = 3;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export async function benchSimulate(profiles: readonly ProfileName[] = PROFILE_NAMES): Promise<Record<string, number | string>> {
  const parsed = parseForm(JSON.parse(readFileSync(new URL('../../forms/intake/v1.json', import.meta.url), 'utf8')));
  if (!parsed.ok) throw new Error('forms/intake/v1.json does not parse');
  const results: Record<string, number | string> = { 'simulate.form': 'intake', 'simulate.sheetsPerProfile': SHEETS_PER_PROFILE };
  for (const profile of profiles) {
    const dir = mkdtempSync(join(tmpdir(), 'paperlink-bench-sim-'));
    const times: number[] = [];
    const cpuTimes: number[] = [];
    let last = performance.now();
    let lastCpu = process.cpuUsage();
    try {
      await simulateForm({
        definition: parsed.definition, site: 'BEN01', serialFrom: 1, count: SHEETS_PER_PROFILE, profile, seed: 1, outDir: dir,
        renderPdf: (codes, layout) => renderSheetsPdf(layout, codes),
        onPage: () => {
          const now = performance.now();
          times.push(now - last);
          last = now;
          // CPU time of the whole process (libvips threads included): the honest cost on a shared, busy machine.
          const cpu = process.cpuUsage(lastCpu);
          cpuTimes.push((cpu.user + cpu.system) / 1000);
          lastCpu = process.cpuUsage();
        },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const seconds = median(times) / 1000;
    results[`simulate.${profile}.secondsPerPage`] = Number(seconds.toFixed(3));
    results[`simulate.${profile}.cpuSecondsPerPage`] = Number((median(cpuTimes) / 1000).toFixed(3));
    results[`simulate.${profile}.pagesPerSecond`] = Number((1 / seconds).toFixed(2));
    if (profile === 'scan-300') {
      results['simulate.scan-300.projected100PagesSeconds'] = Number((seconds * 100).toFixed(1));
      results['simulate.scan-300.projected100PagesCpuSeconds'] = Number((median(cpuTimes) / 10).toFixed(1));
    }
  }
  return results;
}
