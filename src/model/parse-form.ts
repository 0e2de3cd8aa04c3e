/**
 * unknown JSON → FormDefinition, or every problem at once, each with its path (`sections[1].fields[3].label.en`).
 * The compact on-disk format has presets (digits `preset`, `required: true`) that are expanded here,
 * so code inside the model can trust the types.
 */
import {
  PRIVACY_CLASSES,
  leafFields,
  type CheckboxField,
  type ChoiceField,
  type CrossFieldCheck,
  type DigitsField,
  type DigitsPreset,
  type Field,
  type FormDefinition,
  type Label,
  type Option,
  type PrivacyClass,
  type Requirement,
  type Section,
  type TableCell,
} from './form-definition.js';
import { ProblemCollector, collectProblems, isJsonObject, readLabel, type InputProblem } from './problems.js';

/** A problem of a form definition: where (a path into the JSON) and what is wrong. */
export type DefinitionIssue = InputProblem;

export type ParseResult =
  | { readonly ok: true; readonly definition: FormDefinition }
  | { readonly ok: false; readonly issues: readonly DefinitionIssue[] };

const ID_PATTERN = /^[a-z][a-z0-9_]*$/;
/** Form ids are also folder and command names (`paperlink print family-link`), so they may contain hyphens. */
const FORM_ID_PATTERN = /^[a-z](?:[a-z0-9_-]*[a-z0-9_])?$/;
const FORM_CODE_PATTERN = /^[A-Z]{3}$/;
/** Row ids may start with a digit ("1", "0_4"): they are positions, not names. */
const ROW_ID_PATTERN = /^[a-z0-9][a-z0-9_]*$/;

/** Digit presets: cell count, visual groups and separator. Ranges per group are checked when reading. */
export const DIGIT_PRESETS: Readonly<Record<Exclude<DigitsPreset, 'plain' | 'count'>, { count: number; groups: number[]; separator: string }>> = {
  date: { count: 6, groups: [2, 2, 2], separator: '-' },
  dob: { count: 8, groups: [2, 2, 4], separator: '-' },
  time: { count: 4, groups: [2, 2], separator: ':' },
  postcode: { count: 4, groups: [4], separator: '' },
  phone: { count: 10, groups: [10], separator: '' },
};

const MAX_DIGIT_CELLS = 12;

type Json = unknown;
type Obj = Record<string, Json>;

export function parseForm(input: unknown): ParseResult {
  const result = collectProblems((issues) => readForm(input, issues), checkWholeForm);
  return result.ok ? { ok: true, definition: result.value } : { ok: false, issues: result.problems };
}

function readForm(input: Json, issues: ProblemCollector): FormDefinition | undefined {
  if (!isJsonObject(input)) {
    issues.add('', 'must be a JSON object describing one form');
    return undefined;
  }
  const id = readFormId(input, issues);
  const code = readString(input, 'code', '', issues);
  if (code !== undefined && !FORM_CODE_PATTERN.test(code)) issues.add('code', 'must be three capital letters, e.g. "INT"');
  const version = input['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > 99) {
    issues.add('version', 'must be a whole number from 1 to 99');
  }
  const title = readLabel(input['title'], 'title', issues);
  const orientation = readEnum(input, 'orientation', ['portrait', 'landscape'] as const, 'portrait', '', issues);
  const columns = readEnum(input, 'columns', [1, 2] as const, 1, '', issues);
  const markMode = readEnum(input, 'markMode', ['tick', 'fill'] as const, 'tick', '', issues);
  const footerNote = input['footerNote'] === undefined ? undefined : readLabel(input['footerNote'], 'footerNote', issues);
  const sectionsJson = input['sections'];
  const sections: Section[] = [];
  if (!Array.isArray(sectionsJson) || sectionsJson.length === 0) {
    issues.add('sections', 'must be a non-empty list of sections');
  } else {
    sectionsJson.forEach((section, index) => {
      const parsed = readSection(section, `sections[${index}]`, issues);
      if (parsed) sections.push(parsed);
    });
  }
  const checksJson = input['checks'] ?? [];
  const checks: CrossFieldCheck[] = [];
  if (!Array.isArray(checksJson)) issues.add('checks', 'must be a list');
  else checksJson.forEach((check, index) => {
    const parsed = readCheck(check, `checks[${index}]`, issues);
    if (parsed) checks.push(parsed);
  });
  if (id === undefined || code === undefined || typeof version !== 'number' || !title) return undefined;
  return {
    id, code, version, title, orientation, columns, markMode, sections, checks,
    ...(footerNote ? { footerNote } : {}),
  };
}

function readSection(input: Json, path: string, issues: ProblemCollector): Section | undefined {
  if (!isJsonObject(input)) {
    issues.add(path, 'must be an object with id, title and fields');
    return undefined;
  }
  const id = readId(input, 'id', path, issues);
  const title = readLabel(input['title'], `${path}.title`, issues);
  const fieldsJson = input['fields'];
  const fields: Field[] = [];
  if (!Array.isArray(fieldsJson) || fieldsJson.length === 0) {
    issues.add(`${path}.fields`, 'must be a non-empty list of fields');
  } else {
    fieldsJson.forEach((field, index) => fields.push(...readField(field, `${path}.fields[${index}]`, issues, false)));
  }
  const pageBreakBefore = input['pageBreakBefore'] === true;
  const arrangement = readEnum(input, 'arrangement', ['stack', 'row'] as const, 'stack', path, issues);
  if (id === undefined || !title) return undefined;
  return { id, title, fields, pageBreakBefore, arrangement };
}

/** A field; a checkbox group with a `companion` yields two fields (the companion is a choice drawn alongside). */
function readField(input: Json, path: string, issues: ProblemCollector, inTable: boolean): Field[] {
  if (!isJsonObject(input)) {
    issues.add(path, 'must be an object with id, kind and label');
    return [];
  }
  const id = readId(input, 'id', path, issues);
  const label = readLabel(input['label'], `${path}.label`, issues);
  const required = readRequirement(input['required'], `${path}.required`, issues);
  const condition = input['condition'] === undefined ? undefined : readLabel(input['condition'], `${path}.condition`, issues);
  const privacy = readEnum(input, 'privacy', PRIVACY_CLASSES, 'none', path, issues) as PrivacyClass;
  const hxl = typeof input['hxl'] === 'string' ? input['hxl'] : undefined;
  const kinds = inTable ? ['digits', 'checkbox', 'signature', 'text'] : ['checkbox', 'choice', 'digits', 'text', 'signature', 'wordgrid', 'table'];
  const kind = input['kind'];
  if (typeof kind !== 'string' || !kinds.includes(kind)) {
    issues.add(`${path}.kind`, `must be one of ${kinds.join(', ')}${inTable ? ' (inside a table)' : ''}`);
    return [];
  }
  // Keep reading past a bad id or label so every problem of the field is reported at once (the issues fail the form).
  const base = { id: id ?? '?', label: label ?? { nl: '?', en: '?' }, required, privacy, ...(condition ? { condition } : {}), ...(hxl ? { hxl } : {}) };
  switch (kind) {
    case 'checkbox': {
      const options = readOptions(input['options'], `${path}.options`, issues);
      const field: CheckboxField = { ...base, kind: 'checkbox', options };
      const companionJson = input['companion'];
      if (companionJson === undefined) return [field];
      if (!isJsonObject(companionJson)) {
        issues.add(`${path}.companion`, 'must be an object with id and label');
        return [field];
      }
      const companionId = readId(companionJson, 'id', `${path}.companion`, issues);
      const companionLabel = readLabel(companionJson['label'], `${path}.companion.label`, issues);
      if (companionId === undefined || !companionLabel) return [field];
      const companion: ChoiceField = {
        id: companionId, label: companionLabel, kind: 'choice', options, alongside: base.id,
        required: readRequirement(companionJson['required'], `${path}.companion.required`, issues),
        privacy: readEnum(companionJson, 'privacy', PRIVACY_CLASSES, privacy, `${path}.companion`, issues) as PrivacyClass,
      };
      return [field, companion];
    }
    case 'choice':
      return [{ ...base, kind: 'choice', options: readOptions(input['options'], `${path}.options`, issues) }];
    case 'digits': {
      const digits = readDigits(input, path, issues);
      return digits ? [{ ...base, ...digits }] : [];
    }
    case 'text': {
      const lines = readInteger(input, 'lines', 1, 1, 8, path, issues);
      return [{ ...base, kind: 'text', lines }];
    }
    case 'signature':
      return [{ ...base, kind: 'signature' }];
    case 'wordgrid': {
      const rows = readInteger(input, 'rows', 5, 1, 10, path, issues);
      const cols = readInteger(input, 'cols', 5, 1, 8, path, issues);
      return [{ ...base, kind: 'wordgrid', rows, cols }];
    }
    case 'table': {
      const rows = readRows(input['rows'], `${path}.rows`, issues);
      const columnsJson = input['columns'];
      const columns: TableCell[] = [];
      if (!Array.isArray(columnsJson) || columnsJson.length === 0) issues.add(`${path}.columns`, 'must be a non-empty list of cells');
      else columnsJson.forEach((column, index) => {
        for (const cell of readField(column, `${path}.columns[${index}]`, issues, true)) columns.push(cell as TableCell);
      });
      return [{ ...base, kind: 'table', rows, columns }];
    }
    default:
      return [];
  }
}

function readDigits(input: Obj, path: string, issues: ProblemCollector): Omit<DigitsField, 'id' | 'label' | 'required' | 'privacy'> | undefined {
  const preset = readEnum(input, 'preset', ['date', 'dob', 'time', 'postcode', 'phone', 'count', 'plain'] as const, 'plain', path, issues);
  const min = typeof input['min'] === 'number' ? input['min'] : undefined;
  const max = typeof input['max'] === 'number' ? input['max'] : undefined;
  if (preset === 'count' || preset === 'plain') {
    const count = readInteger(input, 'count', preset === 'count' ? 2 : 0, 1, MAX_DIGIT_CELLS, path, issues);
    if (count === 0) return undefined;
    const recurs = input['recursAtSite'];
    if (recurs !== undefined && (typeof recurs !== 'boolean' || preset !== 'plain')) issues.add(`${path}.recursAtSite`, 'must be true or false, and only on plain digits');
    return { kind: 'digits', preset, count, groups: [count], separator: '', ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}),
      ...(recurs === true && preset === 'plain' ? { recursAtSite: true } : {}) };
  }
  const shape = DIGIT_PRESETS[preset];
  if (input['count'] !== undefined && input['count'] !== shape.count) {
    issues.add(`${path}.count`, `must be ${shape.count} for preset "${preset}" (or left out)`);
  }
  return { kind: 'digits', preset, count: shape.count, groups: shape.groups, separator: shape.separator };
}

function readRows(input: Json, path: string, issues: ProblemCollector): { id: string; label?: Label }[] {
  if (typeof input === 'number') {
    if (!Number.isInteger(input) || input < 1 || input > 40) {
      issues.add(path, 'must be a whole number of rows from 1 to 40, or a list of {id, label}');
      return [];
    }
    return Array.from({ length: input }, (_, index) => ({ id: String(index + 1) }));
  }
  if (!Array.isArray(input) || input.length === 0) {
    issues.add(path, 'must be a number of rows or a non-empty list of {id, label}');
    return [];
  }
  const rows: { id: string; label?: Label }[] = [];
  input.forEach((row, index) => {
    if (!isJsonObject(row)) {
      issues.add(`${path}[${index}]`, 'must be an object with id and label');
      return;
    }
    const id = typeof row['id'] === 'string' && ROW_ID_PATTERN.test(row['id']) ? row['id'] : undefined;
    if (id === undefined) issues.add(`${path}[${index}].id`, 'must be lower-case letters, digits and _');
    const label = row['label'] === undefined ? undefined : readLabel(row['label'], `${path}[${index}].label`, issues);
    if (id !== undefined) rows.push({ id, ...(label ? { label } : {}) });
  });
  return rows;
}

function readOptions(input: Json, path: string, issues: ProblemCollector): Option[] {
  if (!Array.isArray(input) || input.length === 0) {
    issues.add(path, 'must be a non-empty list of options');
    return [];
  }
  const options: Option[] = [];
  const seen = new Set<string>();
  input.forEach((option, index) => {
    const optionPath = `${path}[${index}]`;
    if (!isJsonObject(option)) {
      issues.add(optionPath, 'must be an object with value and label');
      return;
    }
    const value = readId(option, 'value', optionPath, issues);
    const label = readLabel(option['label'], `${optionPath}.label`, issues);
    if (value !== undefined && seen.has(value)) issues.add(`${optionPath}.value`, `"${value}" is used twice in this list`);
    if (value !== undefined) seen.add(value);
    if (value !== undefined && label) options.push({ value, label, ...(option['lifeSafety'] === true ? { lifeSafety: true } : {}) });
  });
  return options;
}

function readCheck(input: Json, path: string, issues: ProblemCollector): CrossFieldCheck | undefined {
  if (!isJsonObject(input) || input['kind'] !== 'sum') {
    issues.add(path, 'must be {"kind": "sum", "id", "terms": [...], "total"}');
    return undefined;
  }
  const id = readId(input, 'id', path, issues);
  const total = readString(input, 'total', path, issues);
  const terms = input['terms'];
  if (!Array.isArray(terms) || terms.length === 0 || !terms.every((term) => typeof term === 'string')) {
    issues.add(`${path}.terms`, 'must be a non-empty list of field ids');
    return undefined;
  }
  if (id === undefined || total === undefined) return undefined;
  return { kind: 'sum', id, terms: terms as string[], total };
}

function readId(input: Obj, key: string, path: string, issues: ProblemCollector): string | undefined {
  const value = input[key];
  const where = path ? `${path}.${key}` : key;
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    issues.add(where, value === undefined ? 'is missing' : 'must be lower-case letters, digits and _ (starting with a letter)');
    return undefined;
  }
  return value;
}

function readFormId(input: Obj, issues: ProblemCollector): string | undefined {
  const value = input['id'];
  if (typeof value !== 'string' || !FORM_ID_PATTERN.test(value)) {
    issues.add('id', value === undefined ? 'is missing' : 'must be lower-case letters, digits, _ and - (e.g. "family-link")');
    return undefined;
  }
  return value;
}

function readString(input: Obj, key: string, path: string, issues: ProblemCollector): string | undefined {
  const value = input[key];
  if (typeof value !== 'string' || value === '') {
    issues.add(path ? `${path}.${key}` : key, 'is missing');
    return undefined;
  }
  return value;
}

function readInteger(input: Obj, key: string, fallback: number, min: number, max: number, path: string, issues: ProblemCollector): number {
  const value = input[key];
  if (value === undefined) {
    if (fallback === 0) issues.add(`${path}.${key}`, 'is missing');
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    issues.add(`${path}.${key}`, `must be a whole number from ${min} to ${max}`);
    return fallback === 0 ? min : fallback;
  }
  return value;
}

function readEnum<T extends string | number>(input: Obj, key: string, allowed: readonly T[], fallback: T, path: string, issues: ProblemCollector): T {
  const value = input[key];
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    issues.add(path ? `${path}.${key}` : key, `must be one of ${allowed.map((item) => JSON.stringify(item)).join(', ')}`);
    return fallback;
  }
  return value as T;
}

function readRequirement(input: Json, path: string, issues: ProblemCollector): Requirement {
  if (input === undefined || input === false) return 'optional';
  if (input === true) return 'required';
  if (input === 'conditional') return 'conditional';
  issues.add(path, 'must be true, false or "conditional"');
  return 'optional';
}

/** Whole-form rules: unique ids, companions that exist, checks that point at real fields. */
function checkWholeForm(definition: FormDefinition, issues: ProblemCollector): void {
  const leaves = leafFields(definition);
  const seen = new Map<string, number>();
  for (const leaf of leaves) seen.set(leaf.id, (seen.get(leaf.id) ?? 0) + 1);
  for (const [id, count] of seen) if (count > 1) issues.add('sections', `field id "${id}" is used ${count} times; ids must be unique`);
  definition.checks.forEach((check, index) => {
    const path = `checks[${index}]`;
    if (!seen.has(check.total)) issues.add(`${path}.total`, `"${check.total}" is not a field of this form`);
    check.terms.forEach((term, termIndex) => {
      const pattern = termPattern(term);
      if (!leaves.some((leaf) => pattern.test(leaf.id))) issues.add(`${path}.terms[${termIndex}]`, `"${term}" matches no field of this form`);
    });
  });
}

/** `n.*.f` → a pattern where `*` stands for one id segment. */
export function termPattern(term: string): RegExp {
  const escaped = term.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^.]+');
  return new RegExp(`^${escaped}$`);
}
