import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addConflictCapture, addField, addSheet, addUnreadablePage, fakeIdentifyPage, makeReviewWorkspace, storedField, type ReviewWorkspace,
} from '../helpers/make-review-workspace.js';
import {
  applyFieldDecision, dismissUnreadablePage, identifyUnreadablePage, makeFormLookup, serveNextItem, undoLastDecision, validateValue, loadQueue,
} from '../../src/review/index.js';
import { checkFieldIds, humanSheetId, leafFields } from '../../src/model/index.js';
import { listDecisions } from '../../src/store/index.js';
import { smallForm } from '../helpers/make-review-workspace.js';

let fixture: ReviewWorkspace;
beforeEach(() => { fixture = makeReviewWorkspace(); });
afterEach(() => fixture.close());

async function oneDigitsItem(serial = 1) {
  const sheet = await addSheet(fixture.workspace, fixture.small, 'UTR02', serial, { withPageImage: false });
  await addField(fixture.workspace, sheet, { fieldId: 'n_total', value: '1?', guess: '17', status: 'needs-review', reasons: ['digits-unsure'] });
  return sheet;
}

function machineReading(sheetId: number, fieldId: string): string {
  return (fixture.workspace.db.prepare(`SELECT fr.value_json FROM field_readings fr JOIN captures c ON c.id = fr.capture_id
    WHERE c.sheet_id = ? AND fr.field_id = ?`).pluck().get(sheetId, fieldId)) as string;
}

describe('applyFieldDecision', () => {
  it('sends a sure total to review when the bands a person typed no longer add up to it', async () => {
    const forms = makeFormLookup(fixture.workspace);
    const definition = forms.definition(fixture.intake.fingerprint)!;
    const [check] = definition.checks;
    const { terms, total } = checkFieldIds(check!, leafFields(definition).map((leaf) => leaf.id));
    const [unsureBand, ...otherBands] = terms;
    const sheetWith = async (serial: number) => {
      const sheet = await addSheet(fixture.workspace, fixture.intake, 'AMS01', serial, { withPageImage: false });
      // The band was unsure (guess 3), the total a sure 3: at scan time the check passed at the guess.
      await addField(fixture.workspace, sheet, { fieldId: unsureBand!, value: '?', guess: '3', status: 'needs-review', reasons: ['digits-unsure'] });
      for (const band of otherBands) await addField(fixture.workspace, sheet, { fieldId: band, value: null, status: 'empty' });
      await addField(fixture.workspace, sheet, { fieldId: total, value: '3', status: 'auto', confidence: 0.999 });
      return sheet;
    };
    const agreeing = await sheetWith(1);
    const contradicting = await sheetWith(2);
    applyFieldDecision(fixture.workspace, forms, { reviewer: 'Anna', sheetId: agreeing.sheetId, fieldId: unsureBand!, decision: { action: 'set', value: '3' } });
    applyFieldDecision(fixture.workspace, forms, { reviewer: 'Anna', sheetId: contradicting.sheetId, fieldId: unsureBand!, decision: { action: 'set', value: '2' } });
    expect(storedField(fixture.workspace, agreeing.sheetId, total)).toEqual({ value: '3', status: 'auto' });
    // The value stays as read; a person decides which of the two is wrong.
    expect(storedField(fixture.workspace, contradicting.sheetId, total)).toEqual({ value: '3', status: 'needs-review' });
    const reasons = fixture.workspace.db.prepare('SELECT reasons_json FROM sheet_fields WHERE sheet_id = ? AND field_id = ?').pluck().get(contradicting.sheetId, total) as string;
    expect(JSON.parse(reasons)).toContain('check-failed');
  });

  it('does not count a band marked illegible as 0 against the total', async () => {
    const forms = makeFormLookup(fixture.workspace);
    const definition = forms.definition(fixture.intake.fingerprint)!;
    const { terms, total } = checkFieldIds(definition.checks[0]!, leafFields(definition).map((leaf) => leaf.id));
    const sheet = await addSheet(fixture.workspace, fixture.intake, 'AMS01', 3, { withPageImage: false });
    await addField(fixture.workspace, sheet, { fieldId: terms[0]!, value: '?', guess: '3', status: 'needs-review', reasons: ['digits-unsure'] });
    for (const band of terms.slice(1)) await addField(fixture.workspace, sheet, { fieldId: band, value: null, status: 'empty' });
    await addField(fixture.workspace, sheet, { fieldId: total, value: '3', status: 'auto', confidence: 0.999 });
    applyFieldDecision(fixture.workspace, forms, { reviewer: 'Anna', sheetId: sheet.sheetId, fieldId: terms[0]!, decision: { action: 'illegible' } });
    expect(storedField(fixture.workspace, sheet.sheetId, total).status).toBe('auto');
  });

  it('stores the typed value as reviewed, logs who and what, and leaves the machine reading alone', async () => {
    const sheet = await oneDigitsItem();
    const forms = makeFormLookup(fixture.workspace);
    const result = applyFieldDecision(fixture.workspace, forms, { reviewer: 'Anna', sheetId: sheet.sheetId, fieldId: 'n_total', decision: { action: 'set', value: '12' } });
    expect(result.ok).toBe(true);
    expect(storedField(fixture.workspace, sheet.sheetId, 'n_total')).toEqual({ value: '12', status: 'reviewed' });
    expect(machineReading(sheet.sheetId, 'n_total')).toBe('"1?"');
    const [decision] = listDecisions(fixture.workspace);
    expect(decision).toMatchObject({ reviewer: 'Anna', action: 'set', itemKey: `field:${sheet.sheetId}:n_total`, undoneAt: null });
    expect(JSON.parse(decision?.oldJson ?? '{}')).toMatchObject({ value: '1?', status: 'needs-review' });
    expect(JSON.parse(decision?.newJson ?? '{}')).toMatchObject({ value: '12', status: 'reviewed' });
  });

  it('confirms the machine guess, and marks illegible as an unknown value', async () => {
    const a = await oneDigitsItem(1);
    const b = await oneDigitsItem(2);
    const forms = makeFormLookup(fixture.workspace);
    applyFieldDecision(fixture.workspace, forms, { reviewer: 'Anna', sheetId: a.sheetId, fieldId: 'n_total', decision: { action: 'confirm' } });
    applyFieldDecision(fixture.workspace, forms, { reviewer: 'Anna', sheetId: b.sheetId, fieldId: 'n_total', decision: { action: 'illegible' } });
    expect(storedField(fixture.workspace, a.sheetId, 'n_total').value).toBe('17');
    expect(storedField(fixture.workspace, b.sheetId, 'n_total')).toEqual({ value: null, status: 'reviewed' });
    expect(listDecisions(fixture.workspace).map((decision) => decision.action)).toEqual(['confirm', 'illegible']);
  });

  it('refuses a value that does not fit the field, and changes nothing', async () => {
    const sheet = await oneDigitsItem();
    const result = applyFieldDecision(fixture.workspace, makeFormLookup(fixture.workspace), { reviewer: 'Anna', sheetId: sheet.sheetId, fieldId: 'n_total', decision: { action: 'set', value: '12a' } });
    expect(result).toMatchObject({ ok: false, code: 'invalid-value' });
    expect(storedField(fixture.workspace, sheet.sheetId, 'n_total').status).toBe('needs-review');
    expect(listDecisions(fixture.workspace)).toHaveLength(0);
  });

  it('refuses a decision on an item another reviewer holds, naming them', async () => {
    const sheet = await oneDigitsItem();
    const forms = makeFormLookup(fixture.workspace);
    serveNextItem(fixture.workspace, forms, 'Bram', {});
    const result = applyFieldDecision(fixture.workspace, forms, { reviewer: 'Anna', sheetId: sheet.sheetId, fieldId: 'n_total', decision: { action: 'set', value: '3' } });
    expect(result).toMatchObject({ ok: false, code: 'leased-to-other', reviewer: 'Bram' });
    expect(result.ok === false && result.message).toContain('Bram is working on this item');
    expect(storedField(fixture.workspace, sheet.sheetId, 'n_total').status).toBe('needs-review');
  });

  it('refuses to decide an item twice (the first decision stands)', async () => {
    const sheet = await oneDigitsItem();
    const forms = makeFormLookup(fixture.workspace);
    applyFieldDecision(fixture.workspace, forms, { reviewer: 'Anna', sheetId: sheet.sheetId, fieldId: 'n_total', decision: { action: 'set', value: '3' } });
    const second = applyFieldDecision(fixture.workspace, forms, { reviewer: 'Bram', sheetId: sheet.sheetId, fieldId: 'n_total', decision: { action: 'set', value: '4' } });
    expect(second).toMatchObject({ ok: false, code: 'already-decided' });
    expect(storedField(fixture.workspace, sheet.sheetId, 'n_total').value).toBe('3');
  });

  it('lets the reviewer pick which of two conflicting readings stands', async () => {
    const { workspace, small } = fixture;
    const sheet = await addSheet(workspace, small, 'UTR02', 1, { withPageImage: false });
    await addField(workspace, sheet, { fieldId: 'needs', value: ['food'], status: 'auto' });
    const second = await addConflictCapture(workspace, small, sheet, 'UTR02', 1, { fieldId: 'needs', value: ['food', 'water'], status: 'auto' });
    const forms = makeFormLookup(workspace);
    expect(applyFieldDecision(workspace, forms, { reviewer: 'Anna', sheetId: sheet.sheetId, fieldId: 'needs', decision: { action: 'pick-reading', captureId: second } }).ok).toBe(true);
    expect(storedField(workspace, sheet.sheetId, 'needs')).toEqual({ value: ['food', 'water'], status: 'reviewed' });
    expect(loadQueue(workspace, forms)).toHaveLength(0);
  });
});

describe('undoLastDecision', () => {
  it('restores the previous values one decision at a time and keeps the log', async () => {
    const a = await oneDigitsItem(1);
    const b = await oneDigitsItem(2);
    const forms = makeFormLookup(fixture.workspace);
    applyFieldDecision(fixture.workspace, forms, { reviewer: 'Anna', sheetId: a.sheetId, fieldId: 'n_total', decision: { action: 'set', value: '5' } });
    applyFieldDecision(fixture.workspace, forms, { reviewer: 'Anna', sheetId: b.sheetId, fieldId: 'n_total', decision: { action: 'set', value: '6' } });
    expect(undoLastDecision(fixture.workspace, { reviewer: 'Anna' })).toMatchObject({ ok: true, itemKey: `field:${b.sheetId}:n_total` });
    expect(storedField(fixture.workspace, b.sheetId, 'n_total')).toEqual({ value: '1?', status: 'needs-review' });
    expect(undoLastDecision(fixture.workspace, { reviewer: 'Anna' })).toMatchObject({ ok: true, itemKey: `field:${a.sheetId}:n_total` });
    expect(storedField(fixture.workspace, a.sheetId, 'n_total')).toEqual({ value: '1?', status: 'needs-review' });
    expect(undoLastDecision(fixture.workspace, { reviewer: 'Anna' })).toMatchObject({ ok: false, code: 'nothing-to-undo' });
    expect(listDecisions(fixture.workspace).every((decision) => decision.undoneAt !== null)).toBe(true);
    // The item Anna went back to stays hers; Bram is served the other one.
    expect(serveNextItem(fixture.workspace, forms, 'Bram', {}).entry?.key).toBe(`field:${b.sheetId}:n_total`);
  });

  it('never undoes over another reviewer\'s later decision', async () => {
    const sheet = await oneDigitsItem();
    const forms = makeFormLookup(fixture.workspace);
    applyFieldDecision(fixture.workspace, forms, { reviewer: 'Anna', sheetId: sheet.sheetId, fieldId: 'n_total', decision: { action: 'set', value: '5' } });
    undoLastDecision(fixture.workspace, { reviewer: 'Anna' });
    fixture.workspace.db.prepare('DELETE FROM review_leases').run();
    applyFieldDecision(fixture.workspace, forms, { reviewer: 'Bram', sheetId: sheet.sheetId, fieldId: 'n_total', decision: { action: 'set', value: '7' } });
    // Anna's only standing decision is gone; Bram's stands.
    expect(undoLastDecision(fixture.workspace, { reviewer: 'Anna' })).toMatchObject({ ok: false, code: 'nothing-to-undo' });
    expect(storedField(fixture.workspace, sheet.sheetId, 'n_total').value).toBe('7');
  });
});

describe('unreadable pages', () => {
  it('identifies a page by its printed id, hands it to identifyPage, and the read page joins the queue', async () => {
    const { workspace, small } = fixture;
    const inputId = await addUnreadablePage(workspace, small, 'UTR02', 42);
    const fake = fakeIdentifyPage(workspace, [small], [{ fieldId: 'n_total', value: '?', guess: '3', status: 'needs-review', reasons: ['digits-unsure'] }]);
    const wrong = await identifyUnreadablePage(workspace, fake.identifyPage, { reviewer: 'Anna', inputId, printedId: 'UTR02-000042-1-X' });
    expect(wrong).toMatchObject({ ok: false, code: 'id-invalid' });
    const notPrinted = await identifyUnreadablePage(workspace, fake.identifyPage, { reviewer: 'Anna', inputId, printedId: humanSheetId({ site: 'UTR02', serial: 999, page: 1 }) });
    expect(notPrinted).toMatchObject({ ok: false, code: 'id-not-printed' });
    expect(fake.calls).toHaveLength(0);
    const result = await identifyUnreadablePage(workspace, fake.identifyPage, { reviewer: 'Anna', inputId, printedId: humanSheetId({ site: 'UTR02', serial: 42, page: 1 }).toLowerCase() });
    expect(result.ok).toBe(true);
    expect(fake.calls).toEqual([{ inputId, code: expect.objectContaining({ formCode: 'TSM', site: 'UTR02', serial: 42, page: 1, pageCount: small.pageCount }) }]);
    const keys = loadQueue(workspace, makeFormLookup(workspace)).map((entry) => entry.key);
    expect(keys).not.toContain(`input:${inputId}`);
    expect(keys.some((key) => key.endsWith(':n_total'))).toBe(true);
  });

  it('asks which form when several forms share the site and serial', async () => {
    const { workspace, small, intake } = fixture;
    fixture.workspace.db.prepare(`INSERT INTO print_runs (form_id, fingerprint, site, serial_from, serial_to, languages, paper, reprint, created_at)
      VALUES ('intake', ?, 'UTR02', 40, 50, 'nl,en', 'a4', 0, '2024-01-01')`).run(intake.fingerprint);
    const inputId = await addUnreadablePage(workspace, small, 'UTR02', 42);
    const fake = fakeIdentifyPage(workspace, [small, intake], []);
    const printedId = humanSheetId({ site: 'UTR02', serial: 42, page: 1 });
    const ambiguous = await identifyUnreadablePage(workspace, fake.identifyPage, { reviewer: 'Anna', inputId, printedId });
    expect(ambiguous.ok === false && ambiguous.candidates?.map((candidate) => candidate.formId).sort()).toEqual(['intake', 'test_small']);
    const picked = await identifyUnreadablePage(workspace, fake.identifyPage, { reviewer: 'Anna', inputId, printedId, fingerprint: small.fingerprint });
    expect(picked.ok).toBe(true);
  });

  it('marks a page as not a paperlink form, and undo puts it back', async () => {
    const { workspace, small } = fixture;
    const inputId = await addUnreadablePage(workspace, small, 'UTR02', 42);
    const forms = makeFormLookup(workspace);
    expect(dismissUnreadablePage(workspace, { reviewer: 'Anna', inputId }).ok).toBe(true);
    expect(loadQueue(workspace, forms)).toHaveLength(0);
    expect(undoLastDecision(workspace, { reviewer: 'Anna' }).ok).toBe(true);
    expect(loadQueue(workspace, forms).map((entry) => entry.key)).toEqual([`input:${inputId}`]);
  });
});

describe('validateValue', () => {
  const fields = new Map(leafFields(smallForm()).map((field) => [field.id, field]));
  const field = (id: string) => { const found = fields.get(id); if (!found) throw new Error(id); return found; };
  it('keeps checkbox options in form order and refuses unknown ones', () => {
    expect(validateValue(field('needs'), ['medical', 'water'])).toEqual({ ok: true, value: ['water', 'medical'] });
    expect(validateValue(field('needs'), ['beer']).ok).toBe(false);
  });
  it('accepts a choice option or none, and trimmed text', () => {
    expect(validateValue(field('urgency'), 'now')).toEqual({ ok: true, value: 'now' });
    expect(validateValue(field('urgency'), null)).toEqual({ ok: true, value: null });
    expect(validateValue(field('remarks'), '  needs a blanket ')).toEqual({ ok: true, value: 'needs a blanket' });
    expect(validateValue(field('remarks'), '   ').ok).toBe(false);
  });
});
