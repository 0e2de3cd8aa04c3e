/**
 * Site-situation sheets' radio summary blocks received as SITREPs: a settled block is taken once (station: the site,
 * number: SIT-<serial>), and counts once with the same message received by radio; a block with a line in review
 * waits, naming the line; a blank block and a v1 sheet (no block) are passed over; reading again adds nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { composeSitrep, receiveFromSummaries, receiveSitrep, sitrepWords } from '../../src/radio/index.js';
import { listRadioSitreps } from '../../src/store/index.js';
import { loadShippedForm } from '../helpers/forms.js';
import { makeWorkspace, type TestWorkspace } from '../helpers/make-workspace.js';

let ws: TestWorkspace | undefined;
afterEach(() => ws?.close());

const SUMMARY = {
  radio_date: '041226', radio_time: '1800', radio_households: '0022', radio_persons: '00070', radio_urgent: '0002',
  radio_need1: 'warmth', radio_need1_n: '0014', radio_safe: '0006', radio_tracing: '0003',
};
const TEXT = composeSitrep({ site: 'UTR02', date: '0412', time: '1800', households: 22, persons: 70, urgent: 'few', needs: [{ code: 'warmth', households: 14 }], safe: 6, tracing: 'few' });

describe('receiveFromSummaries', () => {
  it('takes a settled block once, waits for one in review, passes over blank blocks and v1 sheets', () => {
    ws = makeWorkspace();
    const good = ws.addSheet({ form: 'site-situation', site: 'UTR02', serial: 11, fields: { date: '041226', ...SUMMARY } });
    const unsure = ws.addSheet({ form: 'site-situation', site: 'UTR02', serial: 12, fields: { ...SUMMARY, radio_time: '1900', radio_persons: { value: '00070', status: 'needs-review', guess: '00070' } } });
    ws.addSheet({ form: 'site-situation', site: 'UTR02', serial: 13, fields: { date: '041226' } });
    const page1Only = ws.addSheet({ form: 'site-situation', site: 'UTR02', serial: 14, fields: { date: '041226' }, pages: [1] });
    const v1 = makeWorkspace({ forms: [loadShippedForm('site-situation', 1)] });
    try {
      v1.addSheet({ form: 'site-situation', site: 'UTR02', serial: 11, fields: { date: '041226' } });
      expect(receiveFromSummaries(v1.workspace)).toEqual([]);
    } finally {
      v1.close();
    }
    const first = receiveFromSummaries(ws.workspace);
    expect(first.map((r) => [r.sheetId, r.outcome])).toEqual([[good, 'taken'], [unsure, 'waiting'], [page1Only, 'waiting']]);
    expect(first[0]).toMatchObject({ form: 'site-situation', message: TEXT });
    expect(first[1]!.message).toContain('Line 4 (PERSONS)');
    expect(first[2]!.message).toContain('page 2');
    expect(receiveFromSummaries(ws.workspace)[0]!.outcome).toBe('already-received');
    // The same message read out over the radio by the site's operator: one message, not two.
    expect(receiveSitrep(ws.workspace, TEXT, { check: sitrepWords(TEXT).length, station: 'PA3XYZ' }).duplicate).toBe(true);
    expect(listRadioSitreps(ws.workspace)).toEqual([expect.objectContaining({ site: 'UTR02', station: 'UTR02', messageNo: 'SIT-11', text: TEXT, sentDate: '0412', sentTime: '1800' })]);
  });
});
