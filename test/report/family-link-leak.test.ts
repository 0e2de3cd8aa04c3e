/**
 * Family-link values never reach an aggregate output (#17): a workspace with a simulated family-link batch, its
 * comparison keys and a confirmed match still yields a signal report without any name, date of birth, phone,
 * postcode or message of the family-link sheets; nor does the SITREP each site would send by radio (#24: radio is
 * sent in the clear).
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mupdf from 'mupdf';
import { afterAll, describe, expect, it } from 'vitest';
import { pairId, recordMatchDecision, updateComparisonKeys } from '../../src/family-links/index.js';
import { buildReport, siteFigures } from '../../src/report/index.js';
import { sitrepFiguresOf, sitrepMessage } from '../../src/cli/sitrep-from-report.js';
import { generateFamilyLinkBatch, simulateFamilyLinks } from '../../src/simulate/index.js';
import { templatesDirOf } from '../../src/cli/load-forms.js';
import { makeWorkspace } from '../helpers/make-workspace.js';

const REQUEST = { safe: 60, seekers: 20, truePairs: 10, duplicates: 4, sites: ['AMS01', 'UTR02'], seed: 5 };

function pdfText(file: string): string {
  const doc = mupdf.Document.openDocument(readFileSync(file), 'application/pdf');
  const pages: string[] = [];
  for (let i = 0; i < doc.countPages(); i++) pages.push(doc.loadPage(i).toStructuredText('').asText());
  return pages.join('\n');
}

/** Values distinctive enough that finding one in a report can only be a leak (short names like "Bos" are left out). */
function familyLinkValues(): string[] {
  const values = new Set<string>();
  for (const sheet of generateFamilyLinkBatch(REQUEST).sheets) {
    for (const [field, value] of Object.entries(sheet.values)) {
      if (!/^(p|s)_(family|given|other|dob|phone|pc|descr)$|^msg$/.test(field) || typeof value !== 'string') continue;
      if (value.length >= 6) values.add(value);
    }
  }
  return [...values];
}

const tw = makeWorkspace();
afterAll(() => tw.close());

describe('aggregate outputs with family-link sheets', () => {
  it('carry no family-link value in any report file, matches and keys included', async () => {
    const simulated = simulateFamilyLinks(tw.workspace, tw.definitions.get('family-link')!, REQUEST);
    updateComparisonKeys(tw.workspace);
    const [seeker, safe] = simulated.truth.seekerSafe[0]!;
    recordMatchDecision(tw.workspace, pairId({ aSheetId: simulated.sheetIds[seeker]!, aSide: 'sought', bSheetId: simulated.sheetIds[safe]!, bSide: 'person' }), 'confirm', 'Officer');
    const outDir = mkdtempSync(join(tmpdir(), 'paperlink-rfl-leak-'));
    const result = await buildReport(tw.workspace, { templatesDir: templatesDirOf('report'), outDir, block: '1d', now: new Date('2026-03-15T07:00:00.000Z'), lang: 'nl' });
    expect(result.report.familyLinks.total.safe.value).toBeGreaterThan(0);
    const secrets = familyLinkValues();
    expect(secrets.length).toBeGreaterThan(50);
    for (const file of readdirSync(outDir)) {
      const text = file.endsWith('.pdf') ? pdfText(join(outDir, file)) : readFileSync(join(outDir, file), 'utf8');
      for (const secret of secrets) expect(text.includes(secret), `${secret} found in ${file}`).toBe(false);
    }
    // Every site's radio message, as `radio compose` makes it: site-level counts of the public report only.
    for (const site of REQUEST.sites) {
      const { text } = sitrepMessage(sitrepFiguresOf(siteFigures(tw.workspace, site, { asOf: '2026-03-15T07:00' })));
      expect(text).toMatch(/ SAFE (\d+|FEW|HIDDEN) TRACING (\d+|FEW|HIDDEN) TOTAL \d+$/);
      expect(text).not.toMatch(/ SAFE 0 /);
      for (const secret of secrets) expect(text.toUpperCase().includes(secret.toUpperCase()), `${secret} found in the SITREP of ${site}`).toBe(false);
    }
  });
});
