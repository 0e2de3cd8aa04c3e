/**
 * The one decision for a digit field from its cell crops. Until the digit recogniser is wired in, every written
 * digit field goes to review with its crops; a field whose cells are all blank is empty. Pure.
 */
import type { FieldLayout, FieldReading } from '../model/index.js';

/**
 * Wiring the recogniser later is one line here: replace the needs-review return with
 * `readDigitField(cells)` → auto when allConfident, else needs-review 'digits-unsure' with its value and guess.
 */
export function decideDigitField(field: FieldLayout, written: readonly boolean[], darkFractions: readonly number[]): FieldReading {
  const metrics = { cellsWritten: written.filter(Boolean).length, cellDarkFractions: darkFractions };
  if (!written.some(Boolean)) {
    return { fieldId: field.id, kind: 'digits', value: null, status: 'empty', confidence: 1, reasons: [], metrics };
  }
  return { fieldId: field.id, kind: 'digits', value: null, status: 'needs-review', confidence: 0, reasons: ['digits-unsure'], metrics };
}
