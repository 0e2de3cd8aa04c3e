/**
 * ENTRY of `paperlink radio receive`: a SITREP as the operator took it down, with the preamble's check (word
 * count), checked and stored once. A message that fails a check is not taken: the error says which check failed
 * and which words to ask the sending station again for.
 */
import { PaperlinkError } from '../model/index.js';
import { recordRadioSitrep, type Workspace } from '../store/index.js';
import { parseSitrep, sitrepWords, type SitrepFigures } from './sitrep.js';

export interface ReceivedSitrep {
  readonly id: number;
  /** Already received (relayed by another station, or typed in twice): counted once. */
  readonly duplicate: boolean;
  readonly figures: SitrepFigures;
}

export interface ReceiveOptions {
  readonly check: number;
  readonly station?: string;
  readonly messageNo?: string;
  readonly receivedAt?: Date;
  /** false: a repeat is not one more reception (the same scanned form read again). Default true. */
  readonly countRepeat?: boolean;
}

export function receiveSitrep(workspace: Workspace, text: string, options: ReceiveOptions): ReceivedSitrep {
  const parsed = parseSitrep(text, options.check);
  if (!parsed.ok) {
    throw new PaperlinkError('sitrep-refused', `The message was not taken (${parsed.check} check): ${parsed.message}`,
      `Ask the sending station again for: ${parsed.askAgain.join('; ')}. Then enter the corrected text.`, {});
  }
  const words = sitrepWords(text).join(' ');
  const stored = recordRadioSitrep(workspace, {
    messageKey: words, site: parsed.figures.site, sentDate: parsed.figures.date, sentTime: parsed.figures.time,
    figuresJson: JSON.stringify(parsed.figures), text: words, station: options.station ?? null, messageNo: options.messageNo ?? null,
    receivedAt: (options.receivedAt ?? new Date()).toISOString(),
  }, options.countRepeat ?? true);
  return { ...stored, figures: parsed.figures };
}
