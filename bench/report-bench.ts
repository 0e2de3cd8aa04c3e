/**
 * Bench: the signal report over 100,000 scanned sheets (synthetic rows inserted straight into a workspace).
 * Goal: ≤ 10 s for buildReport (read, aggregate, suppress, render all six files).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReport } from '../src/report/index.js';
import { makeWorkspace, type SheetSpec } from '../test/helpers/make-workspace.js';
import { templatesDirOf } from '../src/cli/load-forms.js';

const REPORT_TEMPLATES = templatesDirOf('report');

const SHEETS = 100_000;
const SITES = ['AMS01', 'AMS02', 'UTR01', 'RTM01', 'RTM02', 'DHG01', 'EHV01', 'GRN01', 'ZWL01', 'MAA01'];
const NEEDS = ['info', 'water', 'food', 'warmth', 'shelter', 'medical', 'medication', 'family', 'pss', 'charging', 'transport', 'hygiene', 'baby', 'other'];

function* intakeSheets(count: number): Generator<SheetSpec> {
  let seed = 12345;
  const random = (): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
  for (let i = 0; i < count; i++) {
    const site = SITES[i % SITES.length]!;
    const day = 14 + Math.floor(random() * 3);
    const hour = Math.floor(random() * 24);
    yield {
      form: 'intake', site, serial: 1 + Math.floor(i / SITES.length),
      fields: {
        date: `${day}0326`, time: `${String(hour).padStart(2, '0')}${String(Math.floor(random() * 60)).padStart(2, '0')}`,
        hh_card: String(100000 + i), 'n.18_64.f': String(1 + Math.floor(random() * 2)).padStart(2, '0'), 'n.0_4.m': random() < 0.2 ? '01' : null,
        'n.65p.x': random() < 0.05 ? '01' : null,
        needs: random() < 0.01 ? { value: ['water'], status: 'needs-review' } : NEEDS.filter(() => random() < 0.2),
        need_top: NEEDS[Math.floor(random() * NEEDS.length)]!, urgency: random() < 0.05 ? 'now' : random() < 0.4 ? 'h24' : 'can_wait',
        vuln: random() < 0.1 ? ['elderly_alone'] : [], power_dep: random() < 0.02 ? ['oxygen'] : [], meds: random() < 0.08 ? ['short'] : [],
        referral: random() < 0.1 ? ['gp'] : [], provided: ['info'], contact_name: random() < 0.05 ? 'Naam' : null,
      },
    };
  }
}

export async function benchReport(): Promise<Record<string, number | string>> {
  // PAPERLINK_BENCH_KEEP=dir keeps the filled workspace there (for profiling); by default it is removed.
  const keep = process.env['PAPERLINK_BENCH_KEEP'];
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'paperlink-bench-report-'));
  const tw = makeWorkspace({ dir });
  try {
    const insertStart = performance.now();
    for (const site of SITES) tw.issue('intake', site, 1, SHEETS / SITES.length + 100);
    tw.addSheets(intakeSheets(SHEETS));
    const insertMs = performance.now() - insertStart;
    const fieldRows = (tw.workspace.db.prepare('SELECT count(*) AS n FROM sheet_fields').get() as { n: number }).n;
    const start = performance.now();
    const { report } = await buildReport(tw.workspace, { templatesDir: REPORT_TEMPLATES, outDir: join(dir, 'out'), block: '6h', now: new Date('2026-03-17T00:00:00Z') });
    const reportMs = performance.now() - start;
    return {
      sheets: SHEETS, sheetFieldRows: fieldRows, sites: SITES.length, signalRows: report.signal.length, hiddenCells: report.hiddenCells,
      insertMs: Math.round(insertMs), reportMs: Math.round(reportMs), goalMs: 10_000, withinGoal: reportMs <= 10_000 ? 'yes' : 'NO',
    };
  } finally {
    tw.workspace.close();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}
