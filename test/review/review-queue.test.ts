import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addBatch, addConflictCapture, addField, addSheet, addUnreadablePage, makeReviewWorkspace, type ReviewWorkspace,
} from '../helpers/make-review-workspace.js';
import { filterQueue, loadQueue, makeFormLookup, serveNextItem, describeItem } from '../../src/review/index.js';

let fixture: ReviewWorkspace;
beforeEach(() => { fixture = makeReviewWorkspace(); });
afterEach(() => fixture.close());

/** A mixed workspace: one item of every tier, in scrambled insertion order. */
async function mixedQueue() {
  const { workspace, small, intake } = fixture;
  const plain = await addSheet(workspace, small, 'UTR02', 2, { withPageImage: false });
  await addField(workspace, plain, { fieldId: 'remarks', value: null, status: 'needs-review', reasons: ['text-to-transcribe'] });
  await addField(workspace, plain, { fieldId: 'n_total', value: '1?', guess: '17', status: 'needs-review', reasons: ['digits-unsure'] });
  await addField(workspace, plain, { fieldId: 'rfl_message', value: null, status: 'needs-review', reasons: ['text-to-transcribe'] });
  await addField(workspace, plain, { fieldId: 'needs', value: ['water'], status: 'auto' });
  const other = await addSheet(workspace, small, 'UTR02', 1, { withPageImage: false });
  await addField(workspace, other, { fieldId: 'n_total', value: '?', guess: '4', status: 'needs-review', reasons: ['digits-unsure'] });
  await addField(workspace, other, { fieldId: 'needs', value: ['food'], status: 'auto' });
  await addConflictCapture(workspace, small, other, 'UTR02', 1, { fieldId: 'needs', value: ['food', 'water'], status: 'auto' });
  const unreadable = await addUnreadablePage(workspace, intake, 'AMS01', 9);
  // A sheet with a life-safety tick ("urgency: now"): its unsure digits jump the queue.
  const urgent = await addSheet(workspace, small, 'UTR02', 3, { withPageImage: false });
  await addField(workspace, urgent, { fieldId: 'urgency', value: 'now', status: 'auto' });
  await addField(workspace, urgent, { fieldId: 'remarks', value: null, status: 'needs-review', reasons: ['text-to-transcribe'] });
  // A life-safety question read unsure on an otherwise calm sheet.
  const unsureUrgency = await addSheet(workspace, small, 'UTR02', 4, { withPageImage: false });
  await addField(workspace, unsureUrgency, { fieldId: 'urgency', value: null, guess: 'h24', status: 'needs-review', reasons: ['marginal-mark'] });
  return { plain, other, unreadable, urgent, unsureUrgency };
}

describe('loadQueue', () => {
  it('orders by risk: life-safety, unreadable pages, conflicts, ticks and digits, then text to transcribe', async () => {
    const ids = await mixedQueue();
    const queue = filterQueue(loadQueue(fixture.workspace, makeFormLookup(fixture.workspace)), {});
    expect(queue.map((entry) => [entry.tier, entry.key])).toEqual([
      ['life-safety', `field:${ids.unsureUrgency.sheetId}:urgency`],
      ['life-safety', `field:${ids.urgent.sheetId}:remarks`],
      ['unreadable', `input:${ids.unreadable}`],
      ['conflict', `field:${ids.other.sheetId}:needs`],
      ['check', `field:${ids.other.sheetId}:n_total`],
      ['check', `field:${ids.plain.sheetId}:n_total`],
      ['transcribe', `field:${ids.plain.sheetId}:remarks`],
    ]);
  });

  it('keeps family-link text out of the main queue until that queue is opened', async () => {
    const ids = await mixedQueue();
    const all = loadQueue(fixture.workspace, makeFormLookup(fixture.workspace));
    expect(filterQueue(all, {}).some((entry) => entry.key.endsWith(':rfl_message'))).toBe(false);
    expect(filterQueue(all, { queue: 'family-link' }).map((entry) => entry.key)).toEqual([`field:${ids.plain.sheetId}:rfl_message`]);
  });

  it('batches the same field together across sheets (all n_total crops in a row)', async () => {
    const { workspace, small } = fixture;
    for (const serial of [5, 3, 4]) {
      const sheet = await addSheet(workspace, small, 'UTR02', serial, { withPageImage: false });
      await addField(workspace, sheet, { fieldId: 'remarks', value: null, status: 'needs-review', reasons: ['text-to-transcribe'] });
      await addField(workspace, sheet, { fieldId: 'n_total', value: '?', status: 'needs-review', reasons: ['digits-unsure'] });
      await addField(workspace, sheet, { fieldId: 'needs', value: [], status: 'needs-review', reasons: ['marginal-mark'] });
    }
    const queue = filterQueue(loadQueue(workspace, makeFormLookup(workspace)), {});
    const fields = queue.map((entry) => (entry.kind === 'field' ? `${entry.row.fieldId}#${entry.serial}` : 'page'));
    expect(fields).toEqual(['n_total#3', 'n_total#4', 'n_total#5', 'needs#3', 'needs#4', 'needs#5', 'remarks#3', 'remarks#4', 'remarks#5']);
  });

  it('filters by form, site, field and batch', async () => {
    const { workspace, small, intake } = fixture;
    const batch = addBatch(workspace, 'monday');
    const a = await addSheet(workspace, small, 'UTR02', 1, { batchId: batch, withPageImage: false });
    await addField(workspace, a, { fieldId: 'n_total', value: '?', status: 'needs-review', reasons: ['digits-unsure'] });
    const b = await addSheet(workspace, intake, 'AMS01', 1, { withPageImage: false });
    await addField(workspace, b, { fieldId: 'n_total', value: '?', status: 'needs-review', reasons: ['digits-unsure'] });
    await addUnreadablePage(workspace, intake, 'AMS01', 2, 1, { batchId: batch });
    const all = loadQueue(workspace, makeFormLookup(workspace));
    expect(filterQueue(all, { form: 'intake' }).map((entry) => entry.key)).toEqual([`field:${b.sheetId}:n_total`]);
    expect(filterQueue(all, { site: 'UTR02' }).map((entry) => entry.key)).toEqual([`field:${a.sheetId}:n_total`]);
    expect(filterQueue(all, { field: 'n_total' })).toHaveLength(2);
    expect(filterQueue(all, { batch }).map((entry) => entry.kind)).toEqual(['unreadable', 'field']);
  });
});

describe('serveNextItem', () => {
  it('never gives two reviewers the same item, and gives it back to its holder on reload', async () => {
    await mixedQueue();
    const forms = makeFormLookup(fixture.workspace);
    const anna = serveNextItem(fixture.workspace, forms, 'Anna', {});
    const bram = serveNextItem(fixture.workspace, forms, 'Bram', {});
    expect(anna.entry?.key).toBeDefined();
    expect(bram.entry?.key).not.toBe(anna.entry?.key);
    expect(serveNextItem(fixture.workspace, forms, 'Anna', {}).entry?.key).toBe(anna.entry?.key);
  });

  it('hands an item to another reviewer once its lease expired', async () => {
    const { workspace, small } = fixture;
    const sheet = await addSheet(workspace, small, 'UTR02', 1, { withPageImage: false });
    await addField(workspace, sheet, { fieldId: 'n_total', value: '?', status: 'needs-review', reasons: ['digits-unsure'] });
    const forms = makeFormLookup(workspace);
    const start = new Date('2024-05-01T10:00:00Z');
    expect(serveNextItem(workspace, forms, 'Anna', {}, start).entry).toBeDefined();
    expect(serveNextItem(workspace, forms, 'Bram', {}, new Date('2024-05-01T10:05:00Z')).entry).toBeUndefined();
    expect(serveNextItem(workspace, forms, 'Bram', {}, new Date('2024-05-01T10:11:00Z')).entry?.key).toBe(`field:${sheet.sheetId}:n_total`);
  });

  it('describes a conflict with both readings side by side', async () => {
    const ids = await mixedQueue();
    const forms = makeFormLookup(fixture.workspace);
    const entry = loadQueue(fixture.workspace, forms).find((item) => item.key === `field:${ids.other.sheetId}:needs`);
    if (!entry) throw new Error('conflict item missing');
    const item = describeItem(fixture.workspace, entry);
    expect(item.kind === 'field' && item.mode).toBe('conflict');
    expect(item.kind === 'field' && item.readings.map((reading) => reading.value)).toEqual([['food'], ['food', 'water']]);
  });

  it('names the sheet of a page refused after its QR was read, and of no other unreadable page', async () => {
    const { workspace, intake } = fixture;
    const refused = await addUnreadablePage(workspace, intake, 'AMS01', 11, 1, { refusedAfterQr: true });
    const unknown = await addUnreadablePage(workspace, intake, 'AMS01', 12, 1, { refusedAfterQr: true });
    // The same QR text, but refused because the workspace lacks that layout: a rescan would not help.
    workspace.db.prepare("UPDATE inputs SET reason = 'unknown-layout' WHERE id = ?").run(unknown);
    const forms = makeFormLookup(workspace);
    const readIds = Object.fromEntries(loadQueue(workspace, forms).filter((entry) => entry.kind === 'unreadable')
      .map((entry) => { const item = describeItem(workspace, entry); return [item.kind === 'unreadable' ? item.inputId : 0, item.kind === 'unreadable' ? item.readId : undefined]; }));
    expect(readIds[refused]).toMatch(/^AMS01-000011-1-/);
    expect(readIds[unknown]).toBeNull();
  });
});
