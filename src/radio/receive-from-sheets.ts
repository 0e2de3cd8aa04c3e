/**
 * ENTRY of `paperlink radio receive --from-sheets`: radio-message forms scanned in and transcribed (the word grid
 * typed in review) whose text is a SITREP are received like a typed one, against the form's own check. A sheet whose
 * grid or check still awaits review waits; one whose message fails a check is listed with the reason, never taken.
 */
import { isPaperlinkError } from '../model/index.js';
import { listRadioMessageSheets, type Workspace } from '../store/index.js';
import { receiveSitrep } from './receive-sitrep.js';
import { sitrepWords } from './sitrep.js';

export interface SheetReception {
  readonly sheetId: number;
  /** The form the SITREP was on: a transcribed radio-message form, or a site-situation sheet's radio summary block. */
  readonly form: 'radio-message' | 'site-situation';
  readonly site: string;
  readonly serial: number;
  readonly outcome: 'taken' | 'already-received' | 'refused' | 'waiting';
  /** Why it waits or was refused; for a summary taken, the message it made. */
  readonly message?: string;
}

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((word): word is string => typeof word === 'string').join(' ');
  return null;
}

export function receiveFromSheets(workspace: Workspace): SheetReception[] {
  const receptions: SheetReception[] = [];
  for (const sheet of listRadioMessageSheets(workspace)) {
    const text = textOf(sheet.values['text']);
    if (text === null || sitrepWords(text)[0] !== 'SITREP') {
      if (text === null) receptions.push({ sheetId: sheet.sheetId, form: 'radio-message', site: sheet.site, serial: sheet.serial, outcome: 'waiting', message: 'The word grid is not transcribed yet.' });
      continue;
    }
    const check = Number(textOf(sheet.values['check']) ?? Number.NaN);
    if (!Number.isInteger(check)) {
      receptions.push({ sheetId: sheet.sheetId, form: 'radio-message', site: sheet.site, serial: sheet.serial, outcome: 'waiting', message: 'The check (word count) is not read yet.' });
      continue;
    }
    const station = textOf(sheet.values['stn_origin']) ?? textOf(sheet.values['rcvd_from']);
    const number = textOf(sheet.values['msg_no']);
    try {
      const received = receiveSitrep(workspace, text, { check, countRepeat: false, ...(station ? { station } : {}), ...(number ? { messageNo: number } : {}) });
      receptions.push({ sheetId: sheet.sheetId, form: 'radio-message', site: sheet.site, serial: sheet.serial, outcome: received.duplicate ? 'already-received' : 'taken' });
    } catch (error) {
      if (!isPaperlinkError(error)) throw error;
      receptions.push({ sheetId: sheet.sheetId, form: 'radio-message', site: sheet.site, serial: sheet.serial, outcome: 'refused', message: `${error.message} ${error.hint}` });
    }
  }
  return receptions;
}
