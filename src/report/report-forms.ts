/**
 * The forms whose meaning the report knows, and how it reads their definitions: which form is which, the newest
 * definition of each (its labels are the report's), options and fields by id, and the fields the report uses at all.
 */
import { leafFields, type FormDefinition, type Label, type LeafField } from '../model/index.js';
import { timeFieldsOf } from './sheet-time.js';

/** The forms whose meaning the report knows; any other form is only counted in coverage. */
export const FORM_IDS = {
  intake: 'intake',
  familyLink: 'family-link',
  supply: 'supply-distribution',
  radio: 'radio-message',
  situation: 'site-situation',
} as const;

/** Forms whose sheets stand for people: their per-site counts are protected like every other people count. */
export const PEOPLE_FORMS: ReadonlySet<string> = new Set([FORM_IDS.intake, FORM_IDS.familyLink]);

/** The tally families each form adds to per period, and whether that period is the time block or the day: a sheet
 * placed at its scan time while its written date awaits review makes exactly these figures provisional. */
export const TIME_FAMILIES: Readonly<Record<string, readonly (readonly [family: string, per: 'block' | 'day'])[]>> = {
  [FORM_IDS.intake]: [['persons', 'block'], ['need', 'block'], ['urgency', 'block'], ['referral', 'block'], ['served', 'block'], ['atrisk', 'day']],
  [FORM_IDS.familyLink]: [['rfl', 'day']],
  [FORM_IDS.supply]: [['supply', 'block']],
};

export function optionsOf(definition: FormDefinition | undefined, fieldId: string): readonly { value: string; label: Label }[] {
  if (!definition) return [];
  const leaf = leafFields(definition).find((field) => field.id === fieldId);
  return leaf && (leaf.kind === 'checkbox' || leaf.kind === 'choice') ? leaf.options : [];
}

export function fieldOf(definition: FormDefinition | undefined, fieldId: string): LeafField | undefined {
  return definition ? leafFields(definition).find((field) => field.id === fieldId) : undefined;
}

/** Which fields of a definition the report reads (the loader may skip every other field). */
export function fieldsUsedByReport(definition: FormDefinition): Set<string> {
  const used = new Set<string>();
  const time = timeFieldsOf(definition);
  if (time.date) used.add(time.date);
  for (const id of time.times) used.add(id);
  for (const leaf of leafFields(definition)) {
    if (leaf.kind === 'text' || leaf.kind === 'wordgrid' || leaf.kind === 'signature') continue;
    if (leaf.privacy === 'rfl' && definition.id === FORM_IDS.familyLink) continue;
    used.add(leaf.id);
  }
  if (definition.id === FORM_IDS.familyLink) used.add('req_type');
  return used;
}

/** The newest definition of each form (it gives the labels) and every layout version seen of it. */
export function latestDefinitions(definitions: ReadonlyMap<string, FormDefinition>): { latest: Map<string, FormDefinition>; versions: Map<string, Set<number>> } {
  const latest = new Map<string, FormDefinition>();
  const versions = new Map<string, Set<number>>();
  for (const definition of definitions.values()) {
    const current = latest.get(definition.id);
    if (!current || definition.version > current.version) latest.set(definition.id, definition);
    const set = versions.get(definition.id) ?? new Set<number>();
    set.add(definition.version);
    versions.set(definition.id, set);
  }
  return { latest, versions };
}
