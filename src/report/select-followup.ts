/**
 * PURE: the individual life-safety cases for the restricted follow-up list: every sheet where an option flagged
 * `lifeSafety` in its form definition is ticked (or awaits review with it ticked), with site, serial and the contact
 * strip as transcribed. Never used by the signal report.
 */
import { leafFields, type FieldStatus, type FieldValue, type FormDefinition, type LeafField } from '../model/index.js';

export interface FollowupSheet {
  readonly formId: string;
  readonly fingerprint: string;
  readonly site: string;
  readonly serial: number;
  readonly fields: Readonly<Record<string, { readonly value: FieldValue; readonly guess: FieldValue | null; readonly status: FieldStatus }>>;
}

export interface FollowupCase {
  readonly site: string;
  readonly form: string;
  readonly serial: number;
  /** The life-safety options ticked, as labelled on the form; `(?)` when still awaiting review. */
  readonly reasons: readonly string[];
  readonly unconfirmed: boolean;
  /** Hours of backup power left, when written (electricity-dependent care). */
  readonly batteryHours: string | null;
  /** Contact strip fields (label → text); null text = not yet transcribed. */
  readonly contact: readonly { readonly label: string; readonly text: string | null }[];
}

/** Section ids holding the contact strip; other forms have none. */
const CONTACT_SECTIONS: ReadonlySet<string> = new Set(['followup']);

function ticked(value: FieldValue | null): string[] {
  if (Array.isArray(value)) return value as string[];
  return typeof value === 'string' ? [value] : [];
}

export function selectFollowupCases(sheets: readonly FollowupSheet[], definitions: ReadonlyMap<string, FormDefinition>, lang: 'nl' | 'en'): FollowupCase[] {
  const cases: FollowupCase[] = [];
  const leavesOf = new Map<string, LeafField[]>();
  for (const sheet of sheets) {
    const definition = definitions.get(sheet.fingerprint);
    if (!definition) continue;
    let leaves = leavesOf.get(sheet.fingerprint);
    if (!leaves) { leaves = leafFields(definition); leavesOf.set(sheet.fingerprint, leaves); }
    const reasons: string[] = [];
    let unconfirmed = false;
    for (const leaf of leaves) {
      if (leaf.kind !== 'checkbox' && leaf.kind !== 'choice') continue;
      const flagged = leaf.options.filter((option) => option.lifeSafety);
      if (flagged.length === 0) continue;
      const state = sheet.fields[leaf.id];
      if (!state || state.status === 'empty') continue;
      const awaiting = state.status === 'needs-review';
      const values = new Set([...ticked(state.value), ...(awaiting ? ticked(state.guess) : [])]);
      for (const option of flagged) {
        if (!values.has(option.value)) continue;
        reasons.push(`${option.label[lang] ?? option.label.en}${awaiting ? ' (?)' : ''}`);
        if (awaiting) unconfirmed = true;
      }
    }
    if (reasons.length === 0) continue;
    const battery = sheet.fields['battery_h'];
    const contactFields = definition.sections.filter((section) => CONTACT_SECTIONS.has(section.id)).flatMap((section) => section.fields)
      .filter((field) => field.kind === 'text' || (field.kind === 'digits' && field.preset === 'phone'));
    cases.push({
      site: sheet.site, form: definition.id, serial: sheet.serial, reasons, unconfirmed,
      batteryHours: battery && typeof battery.value === 'string' && battery.status !== 'empty' ? battery.value : null,
      contact: contactFields.map((field) => {
        const value = sheet.fields[field.id]?.value;
        return { label: field.label[lang] ?? field.label.en, text: typeof value === 'string' && value !== '' ? value : null };
      }),
    });
  }
  return cases.sort((a, b) => a.site.localeCompare(b.site) || a.form.localeCompare(b.form) || a.serial - b.serial);
}
