/**
 * Situation messages received by radio: stored once per message (a relay by a second station adds a reception, not
 * a message), with station, message number and time received kept from the first reception.
 */
import type { Workspace } from './workspace.js';
import { insertedId } from './sql-db.js';

export interface RadioSitrepRow {
  readonly id: number;
  readonly site: string;
  readonly sentDate: string;
  readonly sentTime: string;
  readonly figuresJson: string;
  readonly text: string;
  readonly station: string | null;
  readonly messageNo: string | null;
  readonly receivedAt: string;
  readonly receptions: number;
}

export type NewRadioSitrep = Omit<RadioSitrepRow, 'id' | 'receptions'> & { readonly messageKey: string };

/**
 * Stores a received message; the same message again only counts one more reception (not even that with
 * countRepeat false: reading the same scanned form again is no new reception).
 */
export function recordRadioSitrep(workspace: Workspace, sitrep: NewRadioSitrep, countRepeat = true): { readonly id: number; readonly duplicate: boolean } {
  return workspace.transaction(() => {
    const existing = workspace.db.prepare('SELECT id FROM radio_sitreps WHERE message_key = ?').get(sitrep.messageKey) as { id: number } | undefined;
    if (existing) {
      if (countRepeat) workspace.db.prepare('UPDATE radio_sitreps SET receptions = receptions + 1 WHERE id = ?').run(existing.id);
      return { id: existing.id, duplicate: true };
    }
    const id = insertedId(workspace.db.prepare(`INSERT INTO radio_sitreps (message_key, site, sent_date, sent_time, figures_json, text, station, message_no, received_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), sitrep.messageKey, sitrep.site, sitrep.sentDate, sitrep.sentTime, sitrep.figuresJson, sitrep.text, sitrep.station, sitrep.messageNo, sitrep.receivedAt);
    return { id, duplicate: false };
  });
}

/** Every stored message, by site, then newest first. */
export function listRadioSitreps(workspace: Workspace): RadioSitrepRow[] {
  return workspace.db.prepare(`SELECT id, site, sent_date AS sentDate, sent_time AS sentTime, figures_json AS figuresJson, text, station,
      message_no AS messageNo, received_at AS receivedAt, receptions FROM radio_sitreps ORDER BY site, received_at DESC, id DESC`).all() as RadioSitrepRow[];
}

/** A radio-message form's fields a SITREP needs, as settled (auto or reviewed); a field still in review is absent. */
export interface RadioMessageSheet {
  readonly sheetId: number;
  readonly site: string;
  readonly serial: number;
  readonly values: Readonly<Record<string, unknown>>;
}

const RADIO_MESSAGE_FIELDS = ['text', 'check', 'msg_no', 'stn_origin', 'rcvd_from'] as const;

/** Every radio-message sheet with its settled text, check, number and stations. */
export function listRadioMessageSheets(workspace: Workspace): RadioMessageSheet[] {
  const rows = workspace.db.prepare(`SELECT s.id AS sheetId, s.site AS site, s.serial AS serial, sf.field_id AS fieldId, sf.value_json AS valueJson
    FROM sheets s LEFT JOIN sheet_fields sf ON sf.sheet_id = s.id AND sf.status IN ('auto','reviewed') AND sf.field_id IN (${RADIO_MESSAGE_FIELDS.map(() => '?').join(',')})
    WHERE s.form_id = 'radio-message' ORDER BY s.id`).all(...RADIO_MESSAGE_FIELDS) as { sheetId: number; site: string; serial: number; fieldId: string | null; valueJson: string | null }[];
  const sheets = new Map<number, { sheetId: number; site: string; serial: number; values: Record<string, unknown> }>();
  for (const row of rows) {
    const sheet = sheets.get(row.sheetId) ?? { sheetId: row.sheetId, site: row.site, serial: row.serial, values: {} };
    sheets.set(row.sheetId, sheet);
    if (row.fieldId !== null && row.valueJson !== null) sheet.values[row.fieldId] = JSON.parse(row.valueJson) as unknown;
  }
  return [...sheets.values()];
}
