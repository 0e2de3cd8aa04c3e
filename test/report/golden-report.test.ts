import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReport } from '../../src/report/index.js';
import { makeWorkspace } from '../helpers/make-workspace.js';
import { templatesDirOf } from '../../src/cli/load-forms.js';

const REPORT_TEMPLATES = templatesDirOf('report');

describe('report.json', () => {
  const tw = makeWorkspace();
  afterAll(() => tw.close());

  it('matches the golden file for a small fixed workspace', async () => {
    tw.issue('intake', 'HSP1', 1, 12);
    const needs = [['water', 'food'], ['water'], ['info'], ['water', 'charging'], ['food'], ['water'], ['water', 'medication']];
    needs.forEach((ticks, index) => tw.addSheet({
      form: 'intake', site: 'HSP1', serial: index + 1,
      fields: { date: '140326', time: index < 4 ? '0930' : '1415', 'n.18_64.f': '01', 'n.65p.m': index % 3 === 0 ? '01' : null, needs: ticks,
        urgency: index === 2 ? 'now' : 'h24', vuln: index % 3 === 0 ? ['elderly_alone'] : [], ...(index === 6 ? { meds: { value: [], status: 'needs-review' } } : {}) },
    }));
    tw.addOutcome('unreadable', 'blank-page');
    const { files } = await buildReport(tw.workspace, { templatesDir: REPORT_TEMPLATES, outDir: mkdtempSync(join(tmpdir(), 'paperlink-golden-')), block: '6h', lang: 'en', now: new Date('2026-03-15T00:00:00.000Z') });
    await expect(readFileSync(files.json, 'utf8')).toMatchFileSnapshot('../golden/report-small.json');
  });
});
