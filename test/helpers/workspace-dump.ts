/** A canonical dump of a workspace's scan results (no ids, no times), to compare two runs. */
import { openWorkspace, type Workspace } from '../../src/store/index.js';

export function dumpWorkspace(workspace: Workspace): unknown {
  const db = workspace.db;
  return {
    inputs: db.prepare(`SELECT i.file, i.page_index, i.sha256, i.outcome, i.reason, i.page_no, s.form_id, s.site, s.serial,
        d.file AS dup_file, d.page_index AS dup_page, CASE WHEN i.image IS NULL THEN 0 ELSE 1 END AS has_image
      FROM inputs i LEFT JOIN sheets s ON s.id = i.sheet_id LEFT JOIN inputs d ON d.id = i.duplicate_of ORDER BY i.sha256, i.page_index`).all(),
    sheetFields: db.prepare(`SELECT s.form_id, s.site, s.serial, f.field_id, f.page_no, f.value_json, f.guess_json, f.status, f.reasons_json, c.file AS capture_file
      FROM sheet_fields f JOIN sheets s ON s.id = f.sheet_id LEFT JOIN captures k ON k.id = f.capture_id LEFT JOIN inputs c ON c.id = k.input_id
      ORDER BY s.form_id, s.site, s.serial, f.field_id`).all(),
    counts: db.prepare(`SELECT (SELECT COUNT(*) FROM sheets) AS sheets, (SELECT COUNT(*) FROM captures) AS captures,
      (SELECT COUNT(*) FROM field_readings) AS readings, (SELECT COUNT(*) FROM crops) AS crops`).get(),
  };
}

/** The dump of the workspace at `location` (a folder or a postgres:// URL), opened and closed again. */
export function dumpWorkspaceAt(location: string): unknown {
  const workspace = openWorkspace(location);
  try {
    return dumpWorkspace(workspace);
  } finally {
    workspace.close();
  }
}
