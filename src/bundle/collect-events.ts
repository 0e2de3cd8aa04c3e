/**
 * This office's rows as event drafts (key, kind, sheet, body), before they get a revision and a sequence number.
 * Local row ids become keys `<office>/<kind>/<id>`, and every cross reference becomes a key or a sheet code, so
 * the receiving store can give them its own ids. Pure: rows in, drafts out.
 */
import type { ExportRows, SheetRef } from '../store/index.js';
import type { EventKind } from './bundle-format.js';

export interface EventDraft {
  readonly key: string;
  readonly kind: EventKind;
  readonly sheet: string | null;
  readonly body: Record<string, unknown>;
}

/** form:site:serial — how a sheet is named across offices (its printed code's identity). */
export function sheetCodeOf(sheet: SheetRef): string {
  return `${sheet.formId}:${sheet.site}:${sheet.serial}`;
}

export function parseSheetRef(code: string): SheetRef {
  const [formId = '', site = '', serial = ''] = code.split(':');
  return { formId, site, serial: Number(serial) };
}

export function keyOf(office: string, kind: EventKind, id: number | string): string {
  return `${office}/${kind}/${id}`;
}

/** Drafts in dependency order: layouts, print runs, sheets, pages, captures, sheet values, decisions. */
export function collectEvents(rows: ExportRows, office: string): EventDraft[] {
  const drafts: EventDraft[] = [];
  for (const layout of rows.layouts) {
    drafts.push({ key: `layout/${layout.fingerprint}`, kind: 'layout', sheet: null, body: { layout: layout.layout, definition: layout.definition } });
  }
  for (const run of rows.printRuns) {
    const { id, ...body } = run;
    drafts.push({ key: keyOf(office, 'print-run', id), kind: 'print-run', sheet: null, body });
  }
  for (const sheet of rows.sheets) {
    drafts.push({ key: keyOf(office, 'sheet', sheet.id), kind: 'sheet', sheet: sheetCodeOf(sheet), body: { fingerprint: sheet.fingerprint, pageCount: sheet.pageCount, firstSeen: sheet.firstSeen } });
  }
  for (const page of rows.pages) {
    const { id, sheet, duplicateOf, ...body } = page;
    drafts.push({ key: keyOf(office, 'page', id), kind: 'page', sheet: sheet ? sheetCodeOf(sheet) : null,
      body: { ...body, duplicateOf: duplicateOf === null ? null : keyOf(office, 'page', duplicateOf) } });
  }
  for (const capture of rows.captures) {
    const { id, inputId, sheet, ...body } = capture;
    drafts.push({ key: keyOf(office, 'capture', id), kind: 'capture', sheet: sheetCodeOf(sheet), body: { ...body, page: keyOf(office, 'page', inputId) } });
  }
  for (const [sheetId, { sheet, values }] of rows.sheetValues) {
    const fields = values.map(({ captureId, ...value }) => ({ ...value, capture: captureId === null ? null : keyOf(office, 'capture', captureId) }));
    drafts.push({ key: keyOf(office, 'sheet-values', sheetId), kind: 'sheet-values', sheet: sheetCodeOf(sheet), body: { fields } });
  }
  for (const decision of rows.decisions) {
    const { id, sheet, inputId, ...body } = decision;
    drafts.push({ key: keyOf(office, 'decision', id), kind: 'decision', sheet: sheet ? sheetCodeOf(sheet) : null,
      body: { ...body, input: inputId === null ? null : keyOf(office, 'page', inputId) } });
  }
  return drafts;
}
