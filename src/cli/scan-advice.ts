/**
 * What the scan summaries tell staff to do next: the review work by reason, and the advice for 1-bit scans. Shared
 * by `paperlink scan`/`status` and the demo, so the words are the same wherever a summary is printed.
 */
import type { ReviewReason } from '../model/index.js';

/** What a person does for a field awaiting review, by its first reason (status and the demo list the work, so staff can plan it). */
const REVIEW_WORK: Readonly<Record<ReviewReason | 'other', string>> = {
  'text-to-transcribe': 'handwriting to type in',
  'digits-unsure': 'digits to confirm',
  'digits-out-of-range': 'digits that cannot be right, like hour 27',
  'check-failed': 'numbers that do not add up, like age bands and total',
  'marginal-mark': 'ticks neither clearly made nor clearly empty',
  'several-choices': 'single choices with more than one option marked',
  'cancel-unclear': 'heavy or blacked-out marks with no other tick beside them: meant, or cancelled?',
  conflict: 'two scans of one page that read differently',
  'registration-weak': 'values on a skewed or warped page',
  other: 'other',
};

export function reviewWorkLabel(reason: ReviewReason | null): string {
  return REVIEW_WORK[reason ?? 'other'];
}

/** Said after a scan and in status when pages came in 1-bit: the scanner's setting can still be changed for what is left. */
export function bilevelAdvice(pages: number): string {
  return `${pages} page${pages === 1 ? ' was' : 's were'} scanned in black and white (1-bit): a light pencil tick can vanish in such a scan ` +
    'before paperlink sees it. Set the scanner to greyscale (200 dpi or more) for the paper still to scan; a fax stays 1-bit: ask senders to tick in pen.';
}
