import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PaperlinkError } from '../../src/model/index.js';
import { checkScenarioForms, parseScenario } from '../../src/exercise/index.js';
import { builtInScenarioNames, loadScenario } from '../../src/cli/load-scenario.js';
import { installedDefinitions } from '../helpers/exercise-pack.js';

const drill = (): Record<string, unknown> => JSON.parse(readFileSync(join(import.meta.dirname, '../../scenarios/drill-2h.json'), 'utf8'));

describe('parseScenario', () => {
  it('accepts every built-in scenario, and their injects fit the installed forms', () => {
    expect(builtInScenarioNames()).toEqual(expect.arrayContaining(['blackout-72h', 'drill-2h']));
    for (const name of builtInScenarioNames()) {
      const scenario = loadScenario(name);
      expect(checkScenarioForms(scenario, installedDefinitions()).issues).toEqual([]);
      expect(scenario.roles.map((role) => role.id)).toEqual(expect.arrayContaining(['coordinator', 'intake', 'family-link', 'office-scanner']));
    }
  });

  it('lists every problem of a bad scenario at once, each with its path', () => {
    const bad = drill();
    delete bad['intro'];
    bad['durationHours'] = -3;
    const injects = bad['injects'] as Record<string, unknown>[];
    (injects[0]!['person'] as Record<string, unknown>)['origin'] = 'martian';
    injects[1]!['hard'] = [{ kind: 'cancelled-tick' }];
    injects[3]!['link'] = { pair: 'father', side: 'safe' };
    const result = parseScenario(bad);
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['intro', 'durationHours', 'injects[0].person.origin', 'injects[1].hard[0].field', 'injects[1].hard[0].option']));
    const good = drill();
    (good['injects'] as Record<string, unknown>[])[3]!['link'] = { pair: 'father', side: 'safe' };
    const pairs = parseScenario(good);
    expect(pairs.ok ? [] : pairs.issues.map((issue) => issue.message)).toEqual([expect.stringContaining('pair "father" needs exactly one "safe" and one "seeking"')]);
  });

  it('names unknown fields and options against the installed forms', () => {
    const bad = drill();
    const injects = bad['injects'] as { expected: Record<string, Record<string, unknown>> }[];
    injects[0]!.expected['intake']!['needs'] = ['water', 'unicorns'];
    injects[0]!.expected['intake']!['shoe_size'] = '42';
    injects[0]!.expected['intake']!['n_total'] = '1234';
    const parsed = parseScenario(bad);
    if (!parsed.ok) throw new Error('drill should parse');
    const issues = checkScenarioForms(parsed.scenario, installedDefinitions()).issues;
    expect(issues.map((issue) => issue.path).sort()).toEqual(['injects[0].expected.intake.n_total', 'injects[0].expected.intake.needs', 'injects[0].expected.intake.shoe_size']);
    expect(issues.find((issue) => issue.path.endsWith('needs'))?.message).toContain('"unicorns", not an option');
  });

  it('turns a bad scenario file into one scenario-invalid error that lists the problems', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'scenario-')), 'mine.json');
    writeFileSync(file, JSON.stringify({ id: 'Mine!', version: 1, title: { nl: 'x' }, timeline: [], roles: [], injects: [] }));
    expect(() => loadScenario(file)).toThrow(PaperlinkError);
    expect(() => loadScenario(file)).toThrow(expect.objectContaining({ code: 'scenario-invalid' }));
    expect(() => loadScenario(file)).toThrow(/mine\.json: id must be lower-case[\s\S]*title\.en is missing[\s\S]*intro is missing[\s\S]*timeline must be a non-empty list/);
    expect(() => loadScenario('no-such-scenario')).toThrow(/no built-in scenario called "no-such-scenario"/);
  });
});
