import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leafFields, parseForm, type FormDefinition } from '../../src/model/index.js';
import { createRng, fillBatchValues } from '../../src/simulate/index.js';

function loadIntake(): FormDefinition {
  const parsed = parseForm(JSON.parse(readFileSync(new URL('../../forms/intake/v1.json', import.meta.url), 'utf8')));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.definition;
}

const intake = loadIntake();
const sheets = fillBatchValues(intake, 300, createRng(42));
const num = (value: unknown): number => (typeof value === 'string' ? Number(value) : 0);

describe('fillBatchValues', () => {
  it('gives every leaf field a value in the FieldReading shape of its kind', () => {
    for (const values of sheets) {
      for (const leaf of leafFields(intake)) {
        const value = values[leaf.id];
        expect(value, leaf.id).not.toBeUndefined();
        if (leaf.kind === 'checkbox') {
          expect(Array.isArray(value)).toBe(true);
          for (const option of value as string[]) expect(leaf.options.map((o) => o.value)).toContain(option);
        }
        if (leaf.kind === 'choice' && value !== null) expect(leaf.options.map((o) => o.value)).toContain(value);
        // Counts are written in full ("03") or right-aligned after blank cells (" 3"); everything else in full.
        if (leaf.kind === 'digits' && value !== null) {
          expect(value).toMatch(leaf.preset === 'count' ? /^ *[0-9]+$/ : new RegExp(`^[0-9]{${leaf.count}}$`));
          expect((value as string).length).toBe(leaf.count);
        }
        if (leaf.kind === 'signature') expect(typeof value).toBe('boolean');
        if (leaf.kind === 'text' && value !== null) expect(typeof value).toBe('string');
      }
    }
  });

  it('writes counts both ways people do: in full and right-aligned after a blank cell', () => {
    const counts = sheets.flatMap((values) => leafFields(intake).filter((leaf) => leaf.kind === 'digits' && leaf.preset === 'count')
      .map((leaf) => values[leaf.id]).filter((value): value is string => typeof value === 'string'));
    expect(counts.some((value) => /^0[0-9]$/.test(value))).toBe(true);
    expect(counts.some((value) => /^ [0-9]$/.test(value))).toBe(true);
  });

  it('makes the household age table add up to n_total', () => {
    for (const values of sheets) {
      const sum = Object.entries(values).filter(([id]) => id.startsWith('n.')).reduce((total, [, value]) => total + num(value), 0);
      expect(sum).toBe(num(values['n_total']));
      expect(sum).toBeGreaterThan(0);
    }
  });

  it('keeps needs consistent with vulnerabilities and urgency mostly "can wait"', () => {
    let now = 0;
    for (const values of sheets) {
      const power = values['power_dep'] as string[];
      const needs = values['needs'] as string[];
      if (power.includes('ventilator') || power.includes('oxygen')) expect(needs.some((need) => need === 'charging' || need === 'medical')).toBe(true);
      if (power.length === 0) expect(values['battery_h']).toBeNull();
      if (values['urgency'] === 'now') now++;
    }
    expect(now / sheets.length).toBeLessThan(0.12);
    expect(sheets.filter((values) => values['urgency'] === 'can_wait').length / sheets.length).toBeGreaterThan(0.5);
  });

  it('dates fall within one 72-hour blackout window', () => {
    const days = new Set(sheets.map((values) => values['date']).filter((date): date is string => typeof date === 'string'));
    const instants = [...days].map((date) => Date.UTC(2000 + Number(date.slice(4, 6)), Number(date.slice(2, 4)) - 1, Number(date.slice(0, 2))));
    expect(Math.max(...instants) - Math.min(...instants)).toBeLessThanOrEqual(2 * 86_400_000);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(fillBatchValues(intake, 5, createRng(7))).toEqual(fillBatchValues(intake, 5, createRng(7)));
    expect(fillBatchValues(intake, 5, createRng(7))).not.toEqual(fillBatchValues(intake, 5, createRng(8)));
  });

  it('registers some sought family-link persons as "I am safe" elsewhere in the batch', () => {
    const label = { nl: 'x', en: 'x' };
    const text = (id: string) => ({ id, kind: 'text', lines: 1, label, required: true });
    const parsed = parseForm({ id: 'family_link', code: 'RFL', version: 1, title: label, orientation: 'portrait', columns: 1, markMode: 'tick', checks: [],
      sections: [{ id: 's', title: label, fields: [
        { id: 'req_type', kind: 'choice', label, required: true, options: [{ value: 'safe', label }, { value: 'seek', label }, { value: 'both', label }] },
        text('p_family'), text('p_given'), text('s_family'), text('s_given'),
      ] }] });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const batch = fillBatchValues(parsed.definition, 60, createRng(3));
    const safe = new Set(batch.filter((v) => v['req_type'] === 'safe').map((v) => `${String(v['p_given'])} ${String(v['p_family'])}`));
    const matched = batch.filter((v) => v['req_type'] !== 'safe' && safe.has(`${String(v['s_given'])} ${String(v['s_family'])}`));
    expect(matched.length).toBeGreaterThan(0);
    for (const v of batch.filter((v) => v['req_type'] === 'safe')) expect(v['s_family']).toBeNull();
  });
});
