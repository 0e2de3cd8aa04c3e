/**
 * ENTRY of identifying: an unreadable input page whose printed id a person keyed in → read from its stored image as
 * that sheet page and written exactly as ingest writes a read page (writeReadPage), in one transaction.
 * It never decides who may identify what: review checks the id, the print runs and the lease before calling this.
 */
import { humanSheetId, type SheetCode } from '../model/index.js';
import { getInput, getInputImage, listLayouts, updateInputOutcome, type Workspace } from '../store/index.js';
import { writeReadPage } from './record-outcomes.js';
import { openInput } from './load-image.js';
import { layoutLookup, readOnePage } from './scan-worker.js';

export type IdentifyResult = { readonly ok: true; readonly outcome: string; readonly sheet: string } | { readonly ok: false; readonly message: string };

/**
 * Reads the stored image of unreadable input `inputId` as the page `code` names (registration from the four marks alone,
 * every field read) and stores sheet, capture, readings, crops and current values; a page read before from another image
 * becomes a duplicate or a conflict, as in ingest. The input row keeps its id and file and takes the new outcome.
 */
export async function identifyStoredPage(workspace: Workspace, inputId: number, code: SheetCode): Promise<IdentifyResult> {
  const input = getInput(workspace, inputId);
  if (!input || input.outcome !== 'unreadable') return { ok: false, message: 'This page is not waiting to be identified.' };
  const stored = getInputImage(workspace, inputId);
  if (!stored) {
    return { ok: false, message: 'paperlink kept no image of this page (the file could not be opened), so it cannot be read. Scan the paper again.' };
  }
  const opened = await openInput(stored, `${input.file} (stored copy)`);
  if (!opened.ok) return { ok: false, message: `The stored copy of this page cannot be opened (${opened.message}). Scan the paper again.` };
  const page = await readOnePage(await opened.loadPage(0), input.pageIndex, layoutLookup(listLayouts(workspace)), { knownCode: code });
  const sheetName = humanSheetId(code);
  if (page.kind === 'unreadable') {
    return { ok: false, message: `The page could not be read as ${sheetName}: ${page.message}` };
  }
  return workspace.transaction(() => {
    // Re-checked inside the transaction: another reviewer's identification may have landed while this page was read.
    if (getInput(workspace, inputId)?.outcome !== 'unreadable') return { ok: false as const, message: 'Someone already identified this page.' };
    const written = writeReadPage(workspace, page, (row) => {
      updateInputOutcome(workspace, inputId, {
        ...row, message: row.message ?? `Identified by hand as ${sheetName} (${input.reason ?? 'unreadable'}: ${input.message ?? 'no reason recorded'}).`,
      });
      return inputId;
    });
    return { ok: true as const, outcome: written.outcome, sheet: sheetName };
  });
}
