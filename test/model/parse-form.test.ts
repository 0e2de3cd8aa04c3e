import { describe, expect, it } from 'vitest';
import { leafFields, parseForm } from '../../src/model/index.js';
import { shippedFormFiles, loadShippedForm } from '../helpers/forms.js';
import { readFileSync } from 'node:fs';

const minimal = {
  id: 'mini', code: 'MIN', version: 1, title: { nl: 'Mini', en: 'Mini' },
  sections: [{ id: 's', title: { nl: 'S', en: 'S' }, fields: [
    { id: 'ok', kind: 'checkbox', label: { nl: 'Ja', en: 'Yes' }, options: [{ value: 'a', label: { nl: 'A', en: 'A' } }] },
  ] }],
};

describe('parseForm', () => {
  it('accepts every shipped form definition', () => {
    const files = shippedFormFiles();
    expect(files.length).toBeGreaterThan(0);
    for (const { file } of files) {
      const result = parseForm(JSON.parse(readFileSync(file, 'utf8')));
      expect(result.ok, `${file}: ${JSON.stringify(!result.ok && result.issues)}`).toBe(true);
    }
  });

  it('expands presets: a date has six cells in three groups, required: true becomes required', () => {
    const result = parseForm({ ...minimal, sections: [{ ...minimal.sections[0], fields: [
      { id: 'd', kind: 'digits', preset: 'date', required: true, label: { nl: 'Datum', en: 'Date' } },
    ] }] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const field = result.definition.sections[0]!.fields[0]!;
    expect(field).toMatchObject({ kind: 'digits', count: 6, groups: [2, 2, 2], separator: '-', required: 'required', privacy: 'none' });
  });

  it('reports every problem at once, each with its path', () => {
    const result = parseForm({
      id: 'Bad Id', code: 'toolong', version: 0, title: { nl: 'x' },
      sections: [{ id: 's', title: { nl: 'S', en: 'S' }, fields: [
        { id: 'a', kind: 'checkbox', label: { nl: 'A', en: 'A' }, options: [{ value: 'x', label: { nl: 'X', en: 'X' } }, { value: 'y', label: { nl: 'Y' } }] },
        { id: 'b', kind: 'slider', label: { nl: 'B', en: 'B' } },
        { id: 'a', kind: 'text', label: { nl: 'A2', en: 'A2' }, lines: 99 },
      ] }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining([
      'id', 'code', 'version', 'title.en',
      'sections[0].fields[0].options[1].label.en',
      'sections[0].fields[1].kind',
      'sections[0].fields[2].lines',
    ]));
    expect(result.issues.find((issue) => issue.path === 'sections[0].fields[0].options[1].label.en')?.message).toBe('is missing');
  });

  it('rejects duplicate field ids and checks that name no field', () => {
    const result = parseForm({ ...minimal, checks: [{ kind: 'sum', id: 'c', terms: ['nope.*'], total: 'ok' }],
      sections: [{ ...minimal.sections[0], fields: [...minimal.sections[0]!.fields, minimal.sections[0]!.fields[0]] }] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => issue.message).join('\n')).toMatch(/"ok" is used 2 times/);
    expect(result.issues.map((issue) => issue.path)).toContain('checks[0].terms[0]');
  });

  it('expands tables into leaf fields table.row.column, and a companion into its own choice field', () => {
    const intake = loadShippedForm('intake');
    const ids = leafFields(intake).map((field) => field.id);
    expect(ids).toContain('n.0_4.f');
    expect(ids).toContain('n.65p.x');
    expect(ids).toContain('need_top');
    const needTop = leafFields(intake).find((field) => field.id === 'need_top');
    expect(needTop).toMatchObject({ kind: 'choice', alongside: 'needs' });
  });
});
