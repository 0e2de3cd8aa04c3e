/**
 * The README's main command: `paperlink demo` runs print → simulate → scan → report on built-in defaults and says
 * where the report is. Slow (about a minute and a half), so it runs once, with its outputs checked together.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('paperlink demo', () => {
  it('prints, simulates, reads and reports a demo day, every page with one outcome', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'paperlink-demo-')), 'demo');
    const result = runCli(['--json', 'demo', '--out', out], { timeoutMs: 400_000 });
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { pages: number; outcomes: Record<string, number>; report: string; followup: string;
      review: { reason: string | null; fields: number }[]; bilevelPages: number;
      familyLinks: { sheets: number; awaiting: number; likely: number; doubleRegistrations: number; list: string } };
    expect(summary.pages).toBeGreaterThan(100);
    expect(Object.values(summary.outcomes).reduce((a, b) => a + b, 0)).toBe(summary.pages);
    expect(summary.outcomes['unreadable'] ?? 0).toBeLessThan(summary.pages * 0.1);
    // What waits for a person, by the work it needs: written names and messages always need typing in.
    expect(summary.review.map((row) => row.reason)).toContain('text-to-transcribe');
    expect(summary.review.every((row) => row.fields > 0)).toBe(true);
    // GRO03's office device scans in 1-bit black and white: recognised, so the advice to scan in greyscale is given.
    expect(summary.bilevelPages).toBeGreaterThan(0);
    expect(summary.bilevelPages).toBeLessThan(summary.pages);
    for (const file of ['report.html', 'report.pdf', 'signal.csv', 'needs.csv', 'distribution.csv', 'report.json']) {
      expect(existsSync(join(out, 'report', file)), file).toBe(true);
    }
    expect(existsSync(summary.followup)).toBe(true);
    // The family-links team's transcribed sheets are matched: pairs wait for a person, in a restricted list only.
    expect(summary.familyLinks.sheets).toBe(120);
    expect(summary.familyLinks.awaiting).toBeGreaterThan(0);
    expect(summary.familyLinks.likely).toBeGreaterThan(0);
    expect(summary.familyLinks.list.startsWith(join(out, 'restricted'))).toBe(true);
    expect(readFileSync(summary.familyLinks.list, 'utf8')).toContain('RESTRICTED / VERTROUWELIJK');
    const report = JSON.parse(readFileSync(join(out, 'report', 'report.json'), 'utf8')) as { headline: { households: { value: number } } };
    expect(report.headline.households.value).toBe(42);
  }, 420_000);

  it('never wipes a folder it did not make', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperlink-not-demo-'));
    writeFileSync(join(dir, 'precious.txt'), 'keep me');
    const result = runCli(['demo', '--out', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/was not made by paperlink demo/);
    expect(readFileSync(join(dir, 'precious.txt'), 'utf8')).toBe('keep me');
  });
});
