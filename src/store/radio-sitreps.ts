/**
 * Situation messages received by radio: stored once per message (a relay by a second station adds a reception, not
 * a message), with station, message number and time received kept from the first reception.
 */
import type { Workspace } from './workspace.js';

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

/** Stores a received message; the same message again only counts one more reception. */
export function recordRadioSitrep(workspace: Workspace, sitrep: NewRadioSitrep): { readonly id: number; readonly duplicate: boolean } {
  return workspace.transaction(() => {
    const existing = workspace.db.prepare('SELECT id FROM radio_sitreps WHERE message_key = ?').get(sitrep.messageKey) as { id: number } | undefined;
    if (existing) {
      workspace.db.prepare('UPDATE radio_sitreps SET receptions = receptions + 1 WHERE id = ?').run(existing.id);
      return { id: existing.id, duplicate: true };
    }
    const result = workspace.db.prepare(`INSERT INTO radio_sitreps (message_key, site, sent_date, sent_time, figures_json, text, station, message_no, received_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(sitrep.messageKey, sitrep.site, sitrep.sentDate, sitrep.sentTime, sitrep.figuresJson, sitrep.text, sitrep.station, sitrep.messageNo, sitrep.receivedAt);
    return { id: Number(result.lastInsertRowid), duplicate: false };
  });
}

/** Every stored message, by site, then newest first. */
export function listRadioSitreps(workspace: Workspace): RadioSitrepRow[] {
  return workspace.db.prepare(`SELECT id, site, sent_date AS sentDate, sent_time AS sentTime, figures_json AS figuresJson, text, station,
      message_no AS messageNo, received_at AS receivedAt, receptions FROM radio_sitreps ORDER BY site, received_at DESC, id DESC`).all() as RadioSitrepRow[];
}
