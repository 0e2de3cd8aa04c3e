import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PaperlinkError, layoutForm, parseForm, type FormDefinition } from '../../src/model/index.js';
import { renderSheetsPdf } from '../../src/print/index.js';
import { sheetCodesForSimulation, simulatePages } from '../../src/simulate/index.js';
import { decodeQrTexts } from '../helpers/qr.js';

function loadIntake(): FormDefinition {
  const parsed = parseForm(JSON.parse(readFileSync(new URL('../../forms/intake/v1.json', import.meta.url), 'utf8')));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.definition;
}
const definition = loadIntake();
const layout = layoutForm(definition);

describe('simulatePages with scripted sheets', () => {
  it('draws exactly the given values, cancels the named box, tears the QR and turns the named page, with no random extras', async () => {
    // Page 1 of sheets 1 and 2 only: two pages keep the test fast.
    const codes = sheetCodesForSimulation(layout, 'TST01', 1, 2).filter((code) => code.page === 1);
    const pdf = await renderSheetsPdf(layout, codes, new Date(Date.UTC(2025, 0, 1)));
    const pages = await simulatePages({
      definition, layout, codes, pdf, profile: 'scan-300', seed: 3, format: 'jpeg',
      sheets: [
        { site: 'TST01', serial: 1, values: { vuln: ['pregnant'], visit: 'first', n_total: '03' },
          effects: { cancelledTicks: [{ field: 'vuln', option: 'walking' }], tornQrPages: [1] } },
        { site: 'TST01', serial: 2, values: { vuln: ['elderly_alone'] }, effects: { upsideDownPages: [1] } },
      ],
    });
    expect(pages.map((page) => [page.code.serial, page.code.page, page.extension])).toEqual([[1, 1, 'jpg'], [2, 1, 'jpg']]);
    const [torn, turned] = pages as [typeof pages[0], typeof pages[0]];
    expect(torn.truth.fields).toMatchObject({ vuln: ['pregnant'], visit: 'first', n_total: '03', hh_card: null, meds: [] });
    expect(torn.truth.marks['vuln']).toContainEqual({ value: 'walking', style: 'cancelled' });
    expect(torn.truth.marks['vuln']!.filter((mark) => mark.style !== 'cancelled').map((mark) => mark.value)).toEqual(['pregnant']);
    expect(torn.truth.extras).toEqual([]);
    expect(torn.truth.effects?.tornQr).toBeDefined();
    expect(await decodeQrTexts(torn.bytes)).toEqual([]);
    expect(turned.truth.fields).toMatchObject({ vuln: ['elderly_alone'], visit: null });
    expect(turned.truth.effects).toEqual({ upsideDown: true });
    expect(turned.truth.camera).toMatchObject({ kind: 'scan', rotated180: true });
    expect(await decodeQrTexts(turned.bytes)).toHaveLength(1);
  });

  it('refuses a script that cancels a box its own values tick, or names a field the form lacks', async () => {
    const codes = sheetCodesForSimulation(layout, 'TST01', 1, 1).slice(0, 1);
    const pdf = await renderSheetsPdf(layout, codes, new Date(Date.UTC(2025, 0, 1)));
    const run = (values: Record<string, string[]>, cancel: { field: string; option: string }) =>
      simulatePages({ definition, layout, codes, pdf, profile: 'scan-300', seed: 1, sheets: [{ site: 'TST01', serial: 1, values, effects: { cancelledTicks: [cancel] } }] });
    await expect(run({ vuln: ['pregnant'] }, { field: 'vuln', option: 'pregnant' })).rejects.toThrow(PaperlinkError);
    await expect(run({ vuln: ['pregnant'] }, { field: 'vuln', option: 'pregnant' })).rejects.toMatchObject({ code: 'argument-invalid' });
    await expect(run({ nonsense: ['x'] }, { field: 'vuln', option: 'walking' })).rejects.toMatchObject({ code: 'argument-invalid', message: expect.stringContaining('"nonsense"') });
  });
});
