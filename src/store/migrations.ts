/**
 * The workspace schema as ordered, append-only SQL steps. A printed or scanned workspace must stay readable by
 * every later paperlink: never edit a step that has shipped, add a new one.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'layouts, print runs, inputs, sheets, captures, field readings, crops, review decisions',
    sql: `
      -- Every layout ever printed, by fingerprint: scans of any printed version can be read.
      CREATE TABLE layouts (
        fingerprint     TEXT PRIMARY KEY,
        form_id         TEXT NOT NULL,
        form_code       TEXT NOT NULL,
        version         INTEGER NOT NULL,
        paper           TEXT NOT NULL,
        languages       TEXT NOT NULL,
        page_count      INTEGER NOT NULL,
        layout_json     TEXT NOT NULL,
        definition_json TEXT NOT NULL,
        created_at      TEXT NOT NULL
      );
      CREATE TABLE print_runs (
        id          INTEGER PRIMARY KEY,
        form_id     TEXT NOT NULL,
        fingerprint TEXT NOT NULL REFERENCES layouts(fingerprint),
        site        TEXT NOT NULL,
        serial_from INTEGER NOT NULL,
        serial_to   INTEGER NOT NULL,
        languages   TEXT NOT NULL,
        paper       TEXT NOT NULL,
        reprint     INTEGER NOT NULL DEFAULT 0,
        output_file TEXT,
        created_at  TEXT NOT NULL
      );
      CREATE INDEX print_runs_by_sheet ON print_runs(form_id, site, serial_from, serial_to);

      CREATE TABLE batches (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
      );
      -- One row per input page (a multi-page PDF/TIFF gives several): its one recorded outcome.
      CREATE TABLE inputs (
        id           INTEGER PRIMARY KEY,
        sha256       TEXT NOT NULL,
        page_index   INTEGER NOT NULL,
        file         TEXT NOT NULL,
        batch_id     INTEGER REFERENCES batches(id),
        outcome      TEXT NOT NULL CHECK (outcome IN ('accepted','needs-review','duplicate','conflict','unreadable')),
        reason       TEXT,
        message      TEXT,
        sheet_id     INTEGER REFERENCES sheets(id),
        page_no      INTEGER,
        duplicate_of INTEGER REFERENCES inputs(id),
        qr_text      TEXT,
        image        BLOB,
        created_at   TEXT NOT NULL,
        UNIQUE (sha256, page_index)
      );
      CREATE TABLE sheets (
        id          INTEGER PRIMARY KEY,
        form_id     TEXT NOT NULL,
        fingerprint TEXT NOT NULL REFERENCES layouts(fingerprint),
        site        TEXT NOT NULL,
        serial      INTEGER NOT NULL,
        page_count  INTEGER NOT NULL,
        first_seen  TEXT NOT NULL,
        UNIQUE (form_id, site, serial)
      );
      -- A registered image of one page of one sheet. A second, different image of the same page is a second capture.
      CREATE TABLE captures (
        id             INTEGER PRIMARY KEY,
        input_id       INTEGER NOT NULL UNIQUE REFERENCES inputs(id),
        sheet_id       INTEGER NOT NULL REFERENCES sheets(id),
        page_no        INTEGER NOT NULL,
        transform_json TEXT NOT NULL,
        residual_mm    REAL NOT NULL,
        metrics_json   TEXT NOT NULL,
        page_image     BLOB,
        created_at     TEXT NOT NULL
      );
      -- The machine's reading of each field on each capture: never overwritten.
      CREATE TABLE field_readings (
        capture_id   INTEGER NOT NULL REFERENCES captures(id),
        field_id     TEXT NOT NULL,
        value_json   TEXT NOT NULL,
        guess_json   TEXT,
        status       TEXT NOT NULL,
        confidence   REAL NOT NULL,
        reasons_json TEXT NOT NULL,
        metrics_json TEXT NOT NULL,
        PRIMARY KEY (capture_id, field_id)
      );
      CREATE TABLE crops (
        capture_id INTEGER NOT NULL REFERENCES captures(id),
        field_id   TEXT NOT NULL,
        png        BLOB NOT NULL,
        PRIMARY KEY (capture_id, field_id)
      );
      -- The current value of every field of every sheet: what exports and the report read.
      -- Set from the machine reading when a page is accepted; changed only through review_decisions.
      CREATE TABLE sheet_fields (
        sheet_id     INTEGER NOT NULL REFERENCES sheets(id),
        field_id     TEXT NOT NULL,
        page_no      INTEGER NOT NULL,
        capture_id   INTEGER REFERENCES captures(id),
        value_json   TEXT NOT NULL,
        guess_json   TEXT,
        status       TEXT NOT NULL CHECK (status IN ('auto','needs-review','reviewed','empty')),
        confidence   REAL NOT NULL,
        reasons_json TEXT NOT NULL,
        PRIMARY KEY (sheet_id, field_id)
      );
      CREATE INDEX sheet_fields_by_status ON sheet_fields(status);
      -- Every human decision, with who, when, old and new value; undo marks a decision undone, never deletes it.
      CREATE TABLE review_decisions (
        id          INTEGER PRIMARY KEY,
        item_key    TEXT NOT NULL,
        sheet_id    INTEGER REFERENCES sheets(id),
        field_id    TEXT,
        input_id    INTEGER REFERENCES inputs(id),
        reviewer    TEXT NOT NULL,
        action      TEXT NOT NULL,
        old_json    TEXT,
        new_json    TEXT,
        decided_at  TEXT NOT NULL,
        undone_at   TEXT
      );
      CREATE TABLE review_leases (
        item_key    TEXT PRIMARY KEY,
        reviewer    TEXT NOT NULL,
        expires_at  TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'family links: comparison keys beside the typed values, and match decisions by a person',
    sql: `
      -- Keys derived from the transcribed values of one person of a family-link sheet (side 'person' or 'sought').
      -- sheet_fields keep what staff typed; these rows are recomputed from them and may be dropped at any time.
      CREATE TABLE family_link_keys (
        sheet_id    INTEGER NOT NULL REFERENCES sheets(id),
        side        TEXT NOT NULL CHECK (side IN ('person','sought')),
        keys_json   TEXT NOT NULL,
        key_version INTEGER NOT NULL,
        computed_at TEXT NOT NULL,
        PRIMARY KEY (sheet_id, side)
      );
      -- What a person decided about a candidate pair; append-only, the latest decision per pair stands.
      CREATE TABLE family_link_decisions (
        id          INTEGER PRIMARY KEY,
        a_sheet_id  INTEGER NOT NULL REFERENCES sheets(id),
        a_side      TEXT NOT NULL CHECK (a_side IN ('person','sought')),
        b_sheet_id  INTEGER NOT NULL REFERENCES sheets(id),
        b_side      TEXT NOT NULL CHECK (b_side IN ('person','sought')),
        decision    TEXT NOT NULL CHECK (decision IN ('confirm','reject','unsure')),
        reviewer    TEXT NOT NULL,
        decided_at  TEXT NOT NULL
      );
      CREATE INDEX family_link_decisions_by_pair ON family_link_decisions(a_sheet_id, a_side, b_sheet_id, b_side);
    `,
  },
  {
    version: 3,
    description: 'bundles between offices: the office key, the export log, trusted offices, imported events and their conflicts',
    sql: `
      -- This workspace's own office key (Ed25519, DER as base64), made on first export; one row.
      CREATE TABLE office_key (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        public_key  TEXT NOT NULL,
        private_key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        created_at  TEXT NOT NULL
      );
      -- Every revision of every event this office has exported, in sequence order (the office's own numbering).
      CREATE TABLE office_log (
        seq  INTEGER PRIMARY KEY,
        key  TEXT NOT NULL,
        rev  INTEGER NOT NULL,
        hash TEXT NOT NULL,
        UNIQUE (key, rev)
      );
      -- Office keys a person confirmed (fingerprint read out over the radio or phone).
      CREATE TABLE trusted_offices (
        fingerprint TEXT PRIMARY KEY,
        public_key  TEXT NOT NULL,
        trusted_at  TEXT NOT NULL
      );
      -- Events taken in from other offices: the revision applied per event key and the local row it became.
      -- target names the local thing an event sets ('sheet:<id>'), so two offices writing one sheet are seen.
      CREATE TABLE imported_events (
        key         TEXT PRIMARY KEY,
        office      TEXT NOT NULL,
        kind        TEXT NOT NULL,
        rev         INTEGER NOT NULL,
        hash        TEXT NOT NULL,
        local_id    INTEGER,
        target      TEXT,
        imported_at TEXT NOT NULL
      );
      CREATE INDEX imported_events_by_row ON imported_events(kind, local_id);
      CREATE INDEX imported_events_by_target ON imported_events(target);
      CREATE TABLE imported_bundles (
        manifest_hash TEXT PRIMARY KEY,
        office        TEXT NOT NULL,
        seq_from      INTEGER NOT NULL,
        seq_to        INTEGER NOT NULL,
        events        INTEGER NOT NULL,
        file          TEXT NOT NULL,
        imported_at   TEXT NOT NULL
      );
      -- Disagreements found on import, never resolved silently: the same event id with other content, or two
      -- offices giving one sheet different values or layouts.
      CREATE TABLE bundle_conflicts (
        id            INTEGER PRIMARY KEY,
        kind          TEXT NOT NULL CHECK (kind IN ('same-id-other-content','sheet-disagreement')),
        key           TEXT NOT NULL,
        office        TEXT NOT NULL,
        sheet         TEXT,
        stored_hash   TEXT NOT NULL,
        incoming_hash TEXT NOT NULL,
        detail        TEXT NOT NULL,
        file          TEXT NOT NULL,
        recorded_at   TEXT NOT NULL,
        UNIQUE (key, stored_hash, incoming_hash)
      );
    `,
  },
  {
    version: 4,
    description: 'situation messages (SITREP) received by radio: one row per message, however many stations relayed it',
    sql: `
      -- message_key: site, date, time and figures as sent; the same message relayed by a second station is the same key.
      CREATE TABLE radio_sitreps (
        id           INTEGER PRIMARY KEY,
        message_key  TEXT NOT NULL UNIQUE,
        site         TEXT NOT NULL,
        sent_date    TEXT NOT NULL,
        sent_time    TEXT NOT NULL,
        figures_json TEXT NOT NULL,
        text         TEXT NOT NULL,
        station      TEXT,
        message_no   TEXT,
        received_at  TEXT NOT NULL,
        receptions   INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX radio_sitreps_by_site ON radio_sitreps(site, sent_date, sent_time);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
