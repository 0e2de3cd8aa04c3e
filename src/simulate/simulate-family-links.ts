/**
 * ENTRY: writes a simulated family-link batch into a workspace at the transcribed level (values as stored after
 * review: text fields `reviewed`, marks and digits `auto`), through the store; no images, no scanning.
 */
import { layoutForm, leafFields, PaperlinkError, type FormDefinition } from '../model/index.js';
import { insertTranscribedSheets, saveLayout, type Workspace } from '../store/index.js';
import { generateFamilyLinkBatch, type FamilyLinkBatchRequest, type FamilyLinkTruth } from './family-link-batch.js';

export interface SimulatedFamilyLinks {
  /** Workspace sheet id of each simulated sheet, in batch order (truth indexes point into this list). */
  readonly sheetIds: readonly number[];
  readonly truth: FamilyLinkTruth;
}

/** Generates the batch and stores it; `definition` must be the family-link form. */
export function simulateFamilyLinks(workspace: Workspace, definition: FormDefinition, request: FamilyLinkBatchRequest): SimulatedFamilyLinks {
  if (definition.id !== 'family-link') {
    throw new PaperlinkError('argument-invalid', `Family-link batches need the family-link form, not "${definition.id}".`,
      'Pass the family-link form definition (forms/family-link).');
  }
  const layout = layoutForm(definition);
  saveLayout(workspace, layout, definition);
  const pageOf = new Map(layout.fields.map((field) => [field.id, field.page]));
  const kindOf = new Map(leafFields(definition).map((leaf) => [leaf.id, leaf.kind]));
  const batch = generateFamilyLinkBatch(request);
  const firstSeen = (request.date ?? new Date(Date.UTC(2026, 2, 14))).toISOString();
  const sheetIds = insertTranscribedSheets(workspace, batch.sheets.map((sheet) => ({
    formId: definition.id, fingerprint: layout.fingerprint, site: sheet.site, serial: sheet.serial, pageCount: layout.pageCount, firstSeen,
    fields: Object.entries(sheet.values).filter(([fieldId]) => kindOf.has(fieldId)).map(([fieldId, value]) => {
      const empty = value === null || (Array.isArray(value) && value.length === 0);
      const kind = kindOf.get(fieldId);
      return { fieldId, pageNo: pageOf.get(fieldId) ?? 1, value, status: empty ? 'empty' as const : kind === 'text' || kind === 'wordgrid' ? 'reviewed' as const : 'auto' as const };
    }),
  })));
  return { sheetIds, truth: batch.truth };
}
