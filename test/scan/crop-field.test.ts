import { describe, expect, it } from 'vitest';
import { readPage } from '../../src/scan/index.js';
import { codeFor, drawScribble, loadIntake, renderPage } from '../helpers/scan-page.js';

describe('writing areas', () => {
  it('sends written text to transcription, leaves blank text empty, and sees a signature', async () => {
    const { layout, stored } = loadIntake();
    const page = await renderPage(layout, codeFor(layout, 5, 2), 200);
    drawScribble(page, layout, 200, 'remarks');
    drawScribble(page, layout, 200, 'vol_initials');
    const reading = await readPage(page, () => stored);
    if (reading.kind !== 'read') throw new Error(reading.message);
    const byId = (id: string) => reading.fields.find((f) => f.fieldId === id);
    expect(byId('remarks')).toMatchObject({ value: null, status: 'needs-review', reasons: ['text-to-transcribe'], metrics: { hasWriting: true } });
    expect(byId('contact_name')).toMatchObject({ value: null, status: 'empty', metrics: { hasWriting: false } });
    expect(byId('vol_initials')).toMatchObject({ kind: 'signature', value: true, status: 'auto' });
    const crop = reading.crops.find((c) => c.fieldId === 'remarks')?.image;
    const area = layout.fields.find((f) => f.id === 'remarks')!.boxes[0]!;
    expect(crop).toMatchObject({ width: Math.round((area.wMm + 4) * 8), height: Math.round((area.hMm + 4) * 8) });
  });
});
