/**
 * What a form is, as data: sections of fields with bilingual labels, privacy classes and requirements.
 * Definitions are frozen once printed; a change means a new version. Geometry lives in layout.ts, never here.
 */
export type FieldId = string;
export type LanguageCode = string;

/** A label in every language the form speaks; Dutch and English are always present. */
export type Label = { readonly nl: string; readonly en: string } & { readonly [language: LanguageCode]: string };

/** Personal-data class (shared/docs/domain.md §7): drives what may appear in which output. */
export type PrivacyClass = 'none' | 'quasi' | 'personal' | 'sensitive' | 'rfl';
export const PRIVACY_CLASSES: readonly PrivacyClass[] = ['none', 'quasi', 'personal', 'sensitive', 'rfl'];

export type Requirement = 'required' | 'optional' | 'conditional';

export interface Option {
  readonly value: string;
  readonly label: Label;
  /** Ticking this option means a life may depend on a quick follow-up (review first, follow-up list). */
  readonly lifeSafety?: boolean;
}

interface FieldBase {
  readonly id: FieldId;
  readonly label: Label;
  readonly required: Requirement;
  /** When `required` is 'conditional': in words, when the field must be filled. */
  readonly condition?: Label;
  readonly privacy: PrivacyClass;
  readonly hxl?: string;
}

/** Several boxes; any number may be ticked. */
export interface CheckboxField extends FieldBase {
  readonly kind: 'checkbox';
  readonly options: readonly Option[];
}

/** One of several; drawn as circles. `alongside` draws the circles next to a checkbox group's options. */
export interface ChoiceField extends FieldBase {
  readonly kind: 'choice';
  readonly options: readonly Option[];
  readonly alongside?: FieldId;
}

export type DigitsPreset = 'date' | 'dob' | 'time' | 'postcode' | 'phone' | 'count' | 'plain';

/** Comb cells, one digit each. `groups` splits the cells visually (DD-MM-YY). */
export interface DigitsField extends FieldBase {
  readonly kind: 'digits';
  readonly preset: DigitsPreset;
  readonly count: number;
  readonly groups: readonly number[];
  readonly separator: string;
  readonly min?: number;
  readonly max?: number;
  /**
   * The value is one of a few that recur on a site's sheets: the site code from the list posted at the site, a
   * volunteer's number. A reading that agrees exactly with values read sure on other sheets of the same site is
   * evidence for it (model/site-agreement.ts). Only for `plain` digits.
   */
  readonly recursAtSite?: boolean;
}

/** Free text for a person to transcribe later; never read by machine. */
export interface TextField extends FieldBase {
  readonly kind: 'text';
  readonly lines: number;
}

export interface SignatureField extends FieldBase {
  readonly kind: 'signature';
}

/** The radio form's word grid: one word per cell, read by a person. */
export interface WordGridField extends FieldBase {
  readonly kind: 'wordgrid';
  readonly rows: number;
  readonly cols: number;
}

export type TableCell = DigitsField | CheckboxField | SignatureField | TextField;

/** Repeated rows of the same cells (distribution rows; household age × sex grid). */
export interface TableField extends FieldBase {
  readonly kind: 'table';
  readonly rows: readonly { readonly id: string; readonly label?: Label }[];
  readonly columns: readonly TableCell[];
}

export type Field = CheckboxField | ChoiceField | DigitsField | TextField | SignatureField | WordGridField | TableField;
export type FieldKind = Field['kind'];

/** A field as scanned and stored: tables are expanded into one leaf per cell (`table.row.column`). */
export type LeafField = Exclude<Field, TableField> & { readonly tableId?: FieldId; readonly rowId?: string; readonly columnId?: string };

export interface Section {
  readonly id: string;
  readonly title: Label;
  readonly fields: readonly Field[];
  readonly pageBreakBefore: boolean;
  /** stack: fields one under the other. row: short fields side by side (a compact header strip). */
  readonly arrangement: 'stack' | 'row';
}

/** Cross-field rule: the terms (field ids, `*` matches one id segment) must add up to the total. */
export interface SumCheck {
  readonly kind: 'sum';
  readonly id: string;
  readonly terms: readonly string[];
  readonly total: FieldId;
}
export type CrossFieldCheck = SumCheck;

export type PaperSize = 'a4' | 'letter';
export type Orientation = 'portrait' | 'landscape';
/** tick: ✓ or ✗ marks, a blacked-out box is cancelled. fill: a filled box is the mark. */
export type MarkMode = 'tick' | 'fill';

export interface FormDefinition {
  readonly id: string;
  /** Three capital letters printed in the sheet code (INT, RFL, DIS, RAD, SIT). */
  readonly code: string;
  readonly version: number;
  readonly title: Label;
  readonly orientation: Orientation;
  readonly columns: 1 | 2;
  readonly markMode: MarkMode;
  readonly footerNote?: Label;
  readonly sections: readonly Section[];
  readonly checks: readonly CrossFieldCheck[];
}

/** Every field of a form in print order, tables included as tables. */
export function formFields(definition: FormDefinition): Field[] {
  return definition.sections.flatMap((section) => section.fields);
}

/** The id of one table cell as stored and exported. */
export function tableCellId(tableId: FieldId, rowId: string, columnId: FieldId): FieldId {
  return `${tableId}.${rowId}.${columnId}`;
}

/** Every readable leaf in print order: table cells expanded to `table.row.column`. */
export function leafFields(definition: FormDefinition): LeafField[] {
  const leaves: LeafField[] = [];
  for (const field of formFields(definition)) {
    if (field.kind !== 'table') {
      leaves.push(field);
      continue;
    }
    for (const row of field.rows) {
      for (const column of field.columns) {
        leaves.push({
          ...column,
          id: tableCellId(field.id, row.id, column.id),
          label: joinLabels(field.label, row.label, column.label),
          privacy: column.privacy === 'none' ? field.privacy : column.privacy,
          tableId: field.id,
          rowId: row.id,
          columnId: column.id,
        });
      }
    }
  }
  return leaves;
}

function joinLabels(...labels: (Label | undefined)[]): Label {
  const present = labels.filter((label): label is Label => label !== undefined);
  const languages = new Set(present.flatMap((label) => Object.keys(label)));
  const joined: Record<string, string> = {};
  for (const language of languages) {
    joined[language] = present.map((label) => label[language] ?? label.en).join(' › ');
  }
  return joined as Label;
}

/** The label text in the given languages, in that order, joined by " / " (languages missing are skipped). */
export function labelText(label: Label, languages: readonly LanguageCode[]): string {
  const parts = languages.map((language) => label[language]).filter((text): text is string => Boolean(text));
  const unique = parts.filter((text, index) => parts.indexOf(text) === index);
  return unique.join(' / ');
}
