/**
 * Recurring fields across a site's sheets (site code, volunteer number): their current values with the reader's
 * agreement flag, and the acceptance of a reading that other sheets of the site vouch for (model/site-agreement.ts).
 */
import { acceptBySiteAgreement, leafFields, type FieldValue, type RecurringFieldState, type ReviewReason } from '../model/index.js';
import { listLayouts } from './print-runs.js';
import type { Workspace } from './workspace.js';
import { jsonIsTrue } from './sql-db.js';

/**
 * Accepts every reading that agreement across its site vouches for, over every site of the workspace, in one
 * transaction; returns how many fields it settled. Scan runs it after each batch, so a batch resumed after a crash,
 * or a later batch that brings the agreeing sheets, settles them too; running it again changes nothing. Values a
 * person confirmed vouch like sure ones at the next batch; review does not run it after each decision, so an undo
 * never leaves behind fields that a since-withdrawn decision vouched for.
 */
export function agreeAcrossSites(workspace: Workspace): number {
  const recurringByForm = new Map<string, Set<string>>();
  for (const stored of listLayouts(workspace)) {
    const ids = recurringByForm.get(stored.formId) ?? new Set<string>();
    for (const leaf of leafFields(stored.definition)) if (leaf.kind === 'digits' && leaf.recursAtSite) ids.add(leaf.id);
    recurringByForm.set(stored.formId, ids);
  }
  return workspace.transaction(() => {
    let settled = 0;
    for (const [formId, ids] of recurringByForm) {
      for (const fields of listRecurringFieldsBySite(workspace, formId, [...ids]).values()) {
        for (const accepted of acceptBySiteAgreement(fields)) {
          if (acceptSheetFieldByAgreement(workspace, accepted.sheetId, accepted.fieldId, accepted.value)) settled += 1;
        }
      }
    }
    return settled;
  });
}

interface RecurringRow {
  site: string; sheet_id: number; field_id: string; status: RecurringFieldState['status']; value_json: string; guess_json: string | null;
  reasons_json: string; candidate: number | null;
}

/** Current values of these fields on every sheet of one form, grouped by the site in each sheet's code. */
export function listRecurringFieldsBySite(workspace: Workspace, formId: string, fieldIds: readonly string[]): Map<string, RecurringFieldState[]> {
  const bySite = new Map<string, RecurringFieldState[]>();
  if (fieldIds.length === 0) return bySite;
  const rows = workspace.db.prepare(`SELECT s.site, f.sheet_id, f.field_id, f.status, f.value_json, f.guess_json, f.reasons_json,
      CASE WHEN ${jsonIsTrue(workspace.dialect, 'r.metrics_json', 'agreementCandidate')} THEN 1 ELSE 0 END AS candidate
    FROM sheet_fields f JOIN sheets s ON s.id = f.sheet_id
    LEFT JOIN field_readings r ON r.capture_id = f.capture_id AND r.field_id = f.field_id
    WHERE s.form_id = ? AND f.field_id IN (${fieldIds.map(() => '?').join(', ')})
    ORDER BY s.site, f.sheet_id, f.field_id`).all(formId, ...fieldIds) as RecurringRow[];
  for (const row of rows) {
    const state: RecurringFieldState = {
      sheetId: row.sheet_id, fieldId: row.field_id, status: row.status, value: JSON.parse(row.value_json) as FieldValue,
      ...(row.guess_json === null ? {} : { guess: JSON.parse(row.guess_json) as FieldValue }),
      reasons: JSON.parse(row.reasons_json) as ReviewReason[], agreementCandidate: row.candidate === 1,
    };
    bySite.set(row.site, [...(bySite.get(row.site) ?? []), state]);
  }
  return bySite;
}

/**
 * Accepts a field waiting only for unsure digits with the machine's own guess, because other sheets of its site carry
 * the same value as settled. Returns false when the field changed meanwhile (no longer waiting): nothing written then.
 */
export function acceptSheetFieldByAgreement(workspace: Workspace, sheetId: number, fieldId: string, value: string): boolean {
  const result = workspace.db.prepare(`UPDATE sheet_fields SET status = 'auto', value_json = ?, guess_json = NULL, reasons_json = '[]'
    WHERE sheet_id = ? AND field_id = ? AND status = 'needs-review' AND reasons_json = '["digits-unsure"]' AND guess_json = ?`)
    .run(JSON.stringify(value), sheetId, fieldId, JSON.stringify(value));
  return result.changes === 1;
}
