/**
 * Last stage of ingest: cross-page checks. When a page completes its sheet (every page captured), the form's checks
 * that span pages run over the whole sheet; checks within one page already ran in readPage. Reads the store, writes nothing.
 */
import { checkSheetFields, leafFields, type FieldId, type FormDefinition } from '../model/index.js';
import { getLayout, listCapturesOfSheet, listSheetFields, type Workspace } from '../store/index.js';
import type { PageData } from './scan-worker.js';

/** Definitions by layout fingerprint, loaded once per run (null: no definition stored for that layout). */
export type DefinitionCache = Map<string, { definition: FormDefinition; leafIds: FieldId[] } | null>;

/**
 * Cross-field checks over the whole sheet, evaluated once this page completes it: the distribution rows on page 1
 * against the stock issued on page 2. Current values of the other pages come from sheet_fields (reviewed values count
 * as settled), this page's from its reading. Returns the `auto` fields to send to review, with the checks they fail.
 */
export function sheetCheckFailures(workspace: Workspace, definitions: DefinitionCache, sheetId: number,
  page: Extract<PageData, { kind: 'read' }>): Map<FieldId, string[]> {
  let known = definitions.get(page.fingerprint);
  if (known === undefined) {
    const definition = getLayout(workspace, page.fingerprint)?.definition;
    known = definition ? { definition, leafIds: leafFields(definition).map((leaf) => leaf.id) } : null;
    definitions.set(page.fingerprint, known);
  }
  if (!known || known.definition.checks.length === 0) return new Map();
  const pages = new Set(listCapturesOfSheet(workspace, sheetId).map((capture) => capture.pageNo));
  pages.add(page.pageNo);
  if (pages.size < page.pageCount) return new Map();
  return checkSheetFields(known.definition.checks, known.leafIds, listSheetFields(workspace, sheetId), page.fields);
}
