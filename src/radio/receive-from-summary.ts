/**
 * ENTRY of `paperlink radio receive --from-sheets` for site-situation sheets (v2 and later): the radio summary block,
 * read by the digit reader and settled in review, is received as the SITREP it spells, into the same record a typed
 * or radioed message makes. Station is the site itself (no radio station stood between), the message number is the
 * sheet's form code and serial (SIT-12). The same message received by radio and from the sheet counts once.
 * Sheets of a version without the block, and blocks left blank, are passed over; a block with a line not settled waits.
 */
import { isPaperlinkError, leafFields, type FormDefinition } from '../model/index.js';
import { getLayout, listSheetFields, listSheets, type Workspace } from '../store/index.js';
import { receiveSitrep } from './receive-sitrep.js';
import type { SheetReception } from './receive-from-sheets.js';
import { composeSitrep, sitrepWords } from './sitrep.js';
import { SUMMARY_LINES, sitrepFromSummary, type SummaryField } from './sitrep-from-summary.js';

const SITUATION_FORM = 'site-situation';

function hasSummaryBlock(definition: FormDefinition): boolean {
  const ids = new Set(leafFields(definition).map((leaf) => leaf.id));
  return SUMMARY_LINES.every((line) => ids.has(line.fieldId));
}

export function receiveFromSummaries(workspace: Workspace, options: { readonly receivedAt?: Date } = {}): SheetReception[] {
  const receptions: SheetReception[] = [];
  const withBlock = new Map<string, boolean>();
  for (const sheet of listSheets(workspace)) {
    if (sheet.formId !== SITUATION_FORM) continue;
    if (!withBlock.has(sheet.fingerprint)) {
      const stored = getLayout(workspace, sheet.fingerprint);
      withBlock.set(sheet.fingerprint, stored !== undefined && hasSummaryBlock(stored.definition));
    }
    if (!withBlock.get(sheet.fingerprint)) continue;
    const fields: Record<string, SummaryField> = {};
    for (const field of listSheetFields(workspace, sheet.id)) fields[field.fieldId] = { value: field.value, status: field.status };
    const base = { sheetId: sheet.id, site: sheet.site, serial: sheet.serial, form: SITUATION_FORM } as const;
    const summary = sitrepFromSummary(sheet.site, fields);
    if (!summary.ok) {
      if (summary.reason === 'no-summary') continue;
      receptions.push({ ...base, outcome: summary.reason === 'invalid' ? 'refused' : 'waiting', message: summary.message });
      continue;
    }
    const text = composeSitrep(summary.figures);
    try {
      const received = receiveSitrep(workspace, text, {
        check: sitrepWords(text).length, countRepeat: false, station: sheet.site, messageNo: `SIT-${sheet.serial}`,
        ...(options.receivedAt ? { receivedAt: options.receivedAt } : {}),
      });
      receptions.push({ ...base, outcome: received.duplicate ? 'already-received' : 'taken', message: text });
    } catch (error) {
      // Only a site code no SITREP can carry gets here: the figures themselves were checked line by line.
      if (!isPaperlinkError(error)) throw error;
      receptions.push({ ...base, outcome: 'refused', message: `${error.message} ${error.hint}` });
    }
  }
  return receptions;
}
