/**
 * A composed SITREP as the values of a filled-in radio-message form (the operator reads from it; scanned back, its
 * word grid is what `receive --from-sheets` takes): message number, precedence, category, the words one per grid
 * cell, the check. Fills only the fields the form has. Pure: the CLI prints the values through print/.
 */
import { PaperlinkError, leafFields, type FieldValue, type FormDefinition, type LeafField } from '../model/index.js';
import { sitrepWords } from './sitrep.js';

export interface RadioMessageFillRequest {
  /** The composed SITREP text and its check (the word count). */
  readonly text: string;
  readonly check: number;
  /** When the figures were made: local time 'YYYY-MM-DDTHH:MM' (the form's filed date and time). */
  readonly madeAt: string;
  readonly number: number;
  /** One of the form's precedence options, in any case: ROUTINE, PRIORITY, … */
  readonly precedence: string;
  /** Origin station's call sign. */
  readonly station?: string;
}

export const DEFAULT_PRECEDENCE = 'routine';

/** The values to type into the radio-message form; throws a user's error for a precedence or number the form cannot hold. */
export function radioMessageFill(definition: FormDefinition, request: RadioMessageFillRequest): Record<string, FieldValue> {
  const leaves = new Map<string, LeafField>(leafFields(definition).map((leaf) => [leaf.id, leaf]));
  const values: Record<string, FieldValue> = {};
  const set = (id: string, value: FieldValue): void => {
    if (leaves.has(id)) values[id] = value;
  };
  const digits = (id: string, value: number, option: string): void => {
    const leaf = leaves.get(id);
    if (leaf?.kind !== 'digits') return;
    const text = String(value);
    if (!Number.isInteger(value) || value < 0 || text.length > leaf.count) {
      throw new PaperlinkError('argument-invalid', `${value} does not fit the ${leaf.count} boxes of "${id}" on the ${definition.id} form.`,
        `Give ${option} a whole number of at most ${leaf.count} digits.`, { path: option });
    }
    // Right-aligned, as counts are written in digit boxes: " 7".
    values[id] = text.padStart(leaf.count, ' ');
  };

  digits('msg_no', request.number, '--number');
  const precedence = leaves.get('precedence');
  if (precedence?.kind === 'choice') {
    const wanted = request.precedence.toLowerCase();
    if (!precedence.options.some((option) => option.value === wanted)) {
      throw new PaperlinkError('argument-invalid', `"${request.precedence}" is not a precedence of the ${definition.id} form.`,
        `Give --precedence one of ${precedence.options.map((option) => option.value.toUpperCase()).join(', ')}.`, { path: '--precedence' });
    }
    values['precedence'] = wanted;
  }
  const category = leaves.get('category');
  if (category?.kind === 'choice' && category.options.some((option) => option.value === 'sitrep')) values['category'] = 'sitrep';
  const words = sitrepWords(request.text);
  set('subject', words.slice(0, 2).join(' '));
  const [day, clock] = request.madeAt.split('T') as [string, string | undefined];
  if (/^\d{4}-\d{2}-\d{2}$/.test(day) && clock && /^\d{2}:\d{2}$/.test(clock)) {
    set('filed_date', `${day.slice(8, 10)}${day.slice(5, 7)}${day.slice(2, 4)}`);
    set('filed_time', clock.replace(':', ''));
    set('filed_tz', 'local');
  }
  set('text', words.join(' '));
  digits('check', request.check, '--check');
  if (request.station) set('stn_origin', request.station.toUpperCase());
  return values;
}
