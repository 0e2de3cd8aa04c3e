/**
 * The one recorded outcome of every input page: nothing lost, nothing counted twice.
 */
export type UnreadableReason =
  | 'no-qr' | 'foreign-qr' | 'tampered-code' | 'unknown-layout' | 'registration-failed'
  | 'corrupt-file' | 'too-large' | 'unsupported-format' | 'blank-page';

export const UNREADABLE_REASONS: readonly UnreadableReason[] = [
  'no-qr', 'foreign-qr', 'tampered-code', 'unknown-layout', 'registration-failed',
  'corrupt-file', 'too-large', 'unsupported-format', 'blank-page',
];

export type OutcomeKind = 'accepted' | 'needs-review' | 'duplicate' | 'conflict' | 'unreadable';
export const OUTCOME_KINDS: readonly OutcomeKind[] = ['accepted', 'needs-review', 'duplicate', 'conflict', 'unreadable'];

/** Identity of a printed sheet: form, site and serial (the pages of one sheet share it). */
export interface SheetKey {
  readonly formId: string;
  readonly site: string;
  readonly serial: number;
}

export type Outcome =
  | { readonly kind: 'accepted'; readonly sheet: SheetKey; readonly page: number }
  | { readonly kind: 'needs-review'; readonly sheet: SheetKey; readonly page: number; readonly fields: number }
  | { readonly kind: 'duplicate'; readonly of: string }
  | { readonly kind: 'conflict'; readonly sheet: SheetKey; readonly page: number; readonly fields: number }
  | { readonly kind: 'unreadable'; readonly reason: UnreadableReason; readonly message: string };
