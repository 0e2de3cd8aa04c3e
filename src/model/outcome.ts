/**
 * The one recorded outcome of every input page: nothing lost, nothing counted twice.
 */
export type UnreadableReason =
  | 'no-qr' | 'foreign-qr' | 'tampered-code' | 'unknown-layout' | 'registration-failed'
  | 'corrupt-file' | 'too-large' | 'unsupported-format' | 'blank-page'
  /** paperlink's own reader threw on the page (a bug, or a worker out of memory): report the file, do not re-scan it. */
  | 'reader-failed';

export const UNREADABLE_REASONS: readonly UnreadableReason[] = [
  'no-qr', 'foreign-qr', 'tampered-code', 'unknown-layout', 'registration-failed',
  'corrupt-file', 'too-large', 'unsupported-format', 'blank-page', 'reader-failed',
];

/** What to do about a `reader-failed` page: the fault is paperlink's, so scanning the paper again will not help. */
export const READER_FAILED_HINT = 'This is a fault in paperlink, not in the scan: report this file (it is kept in the workspace) ' +
  'with this message to whoever supports paperlink; scanning the page again will not help.';

export type OutcomeKind = 'accepted' | 'needs-review' | 'duplicate' | 'conflict' | 'unreadable';
export const OUTCOME_KINDS: readonly OutcomeKind[] = ['accepted', 'needs-review', 'duplicate', 'conflict', 'unreadable'];

/** Identity of a printed sheet: form, site and serial (the pages of one sheet share it). */
export interface SheetKey {
  readonly formId: string;
  readonly site: string;
  readonly serial: number;
}

/**
 * What ingest decided for one input page: returned in the scan summary (one per page, flat, as `--json` shows it) and
 * stored in the workspace's inputs row (outcome, reason, message). The discriminant is `outcome`, not `kind`: it is
 * the domain word of the inputs table, the export and the scan summary. `sheet` is the printed page id
 * (AMS01-000001-1-L) when this run read it; a page scanned before is reported from its row, without it.
 */
export type Outcome =
  | { readonly outcome: 'accepted' | 'needs-review'; readonly sheet?: string; readonly reason?: never; readonly message?: never; readonly of?: never }
  | {
      readonly outcome: 'duplicate'; readonly sheet?: string;
      /** `same-file`: the very same bytes were scanned before under another name (nothing read again). */
      readonly reason?: 'same-file'; readonly message?: string;
      /** The file (and page) it repeats. */
      readonly of?: string;
    }
  | { readonly outcome: 'conflict'; readonly reason: 'conflict'; readonly message: string; readonly sheet?: string; readonly of?: string }
  | { readonly outcome: 'unreadable'; readonly reason: UnreadableReason; readonly message: string; readonly sheet?: never; readonly of?: never };
