/**
 * Checks a parsed scenario against the installed form definitions: every field id and option value an inject names must
 * exist, with a value of the field's kind. Forms the scenario names but that are not installed are returned, not thrown:
 * the pack is made without them and says so. Pure.
 */
import { leafFields, type FormDefinition, type LeafField } from '../model/index.js';
import type { ExpectedValue, Scenario, ScenarioIssue } from './scenario.js';

export interface FormCheck {
  readonly issues: readonly ScenarioIssue[];
  /** Form ids the scenario uses that are not in the catalogue, sorted. */
  readonly missingForms: readonly string[];
}

/** A value with a {{placeholder}} is filled in per resident; its shape is checked after filling. */
const PLACEHOLDER = /\{\{[^}]+\}\}/;

export function checkScenarioForms(scenario: Scenario, definitions: readonly FormDefinition[]): FormCheck {
  const issues: ScenarioIssue[] = [];
  const byId = new Map(definitions.map((definition) => [definition.id, definition]));
  const missing = new Set<string>();
  scenario.roles.forEach((role) => role.forms.forEach((need) => {
    if (!byId.has(need.form)) missing.add(need.form);
  }));
  scenario.injects.forEach((inject, injectIndex) => {
    const path = `injects[${injectIndex}]`;
    for (const [formId, values] of Object.entries(inject.expected)) {
      const definition = byId.get(formId);
      if (!definition) {
        missing.add(formId);
        continue;
      }
      const leaves = new Map(leafFields(definition).map((leaf) => [leaf.id, leaf]));
      for (const [fieldId, value] of Object.entries(values)) {
        const leaf = leaves.get(fieldId);
        const where = `${path}.expected.${formId}.${fieldId}`;
        if (!leaf) {
          issues.push({ path: where, message: `form "${formId}" has no field "${fieldId}"` });
          continue;
        }
        const problem = valueProblem(leaf, value);
        if (problem) issues.push({ path: where, message: problem });
      }
    }
    inject.hard.forEach((hard, hardIndex) => {
      if (hard.kind !== 'cancelled-tick' || hard.field === undefined) return;
      const where = `${path}.hard[${hardIndex}]`;
      const forms = Object.keys(inject.expected).map((id) => byId.get(id)).filter((d): d is FormDefinition => d !== undefined);
      const owner = forms.find((definition) => leafFields(definition).some((leaf) => leaf.id === hard.field));
      const leaf = owner ? leafFields(owner).find((candidate) => candidate.id === hard.field) : undefined;
      if (!owner || !leaf) {
        if (forms.length > 0) issues.push({ path: `${where}.field`, message: `none of this inject's forms has a field "${hard.field}"` });
        return;
      }
      if (leaf.kind !== 'checkbox') {
        issues.push({ path: `${where}.field`, message: `"${hard.field}" is a ${leaf.kind} field; a cancelled tick needs a checkbox field` });
        return;
      }
      if (!leaf.options.some((option) => option.value === hard.option)) {
        issues.push({ path: `${where}.option`, message: `"${hard.option}" is not an option of "${hard.field}" (options: ${leaf.options.map((o) => o.value).join(', ')})` });
        return;
      }
      const expected = inject.expected[owner.id]?.[leaf.id];
      if (Array.isArray(expected) && expected.includes(hard.option ?? '')) {
        issues.push({ path: `${where}.option`, message: `"${hard.option}" is cancelled, so it must not be in the expected value of "${hard.field}"` });
      }
    });
  });
  return { issues, missingForms: [...missing].sort() };
}

/** Why a value does not fit a field of this kind, or undefined when it fits. */
export function valueProblem(leaf: LeafField, value: ExpectedValue): string | undefined {
  if (value === null) return undefined;
  if (typeof value === 'string' && PLACEHOLDER.test(value)) return undefined;
  switch (leaf.kind) {
    case 'checkbox': {
      if (!Array.isArray(value)) return 'must be a list of option values, e.g. ["water"]';
      const unknown = value.filter((item) => !leaf.options.some((option) => option.value === item));
      return unknown.length > 0 ? `has ${unknown.map((u) => `"${u}"`).join(', ')}, not an option (options: ${leaf.options.map((o) => o.value).join(', ')})` : undefined;
    }
    case 'choice':
      if (typeof value !== 'string') return 'must be one option value (text)';
      return leaf.options.some((option) => option.value === value) ? undefined
        : `"${value}" is not an option (options: ${leaf.options.map((o) => o.value).join(', ')})`;
    case 'digits': {
      const text = typeof value === 'number' ? String(value) : value;
      if (typeof text !== 'string' || !/^\d+$/.test(text)) return 'must be digits (text like "0412" or a whole number)';
      return text.length > leaf.count ? `has ${text.length} digits; the field has ${leaf.count} cells` : undefined;
    }
    case 'text':
    case 'wordgrid':
      return typeof value === 'string' ? undefined : 'must be text';
    case 'signature':
      return typeof value === 'boolean' ? undefined : 'must be true (signed) or false';
  }
}
