/**
 * Finds and validates an exercise scenario: a built-in name (scenarios/NAME.json) or a trainer's own file.
 * The file I/O exercise/ must not do at its core; every problem is reported at once with its path.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PaperlinkError } from '../model/index.js';
import { parseScenario, type Scenario } from '../exercise/index.js';
import { packageRoot, readValidatedJson } from './load-forms.js';

export const BUILT_IN_SCENARIOS_DIR = (): string => join(packageRoot(), 'scenarios');

export function builtInScenarioNames(): string[] {
  const dir = BUILT_IN_SCENARIOS_DIR();
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -5)).sort() : [];
}

/** NAME (built in) or a path to a .json file. */
export function loadScenario(nameOrFile: string): Scenario {
  const builtIn = join(BUILT_IN_SCENARIOS_DIR(), `${nameOrFile}.json`);
  const looksLikeFile = nameOrFile.endsWith('.json') || nameOrFile.includes('/') || nameOrFile.includes('\\');
  const file = !looksLikeFile && existsSync(builtIn) ? builtIn : nameOrFile;
  if (!looksLikeFile && !existsSync(builtIn)) {
    throw new PaperlinkError('scenario-invalid', `There is no built-in scenario called "${nameOrFile}".`,
      `Use one of: ${builtInScenarioNames().join(', ')}, or give the path of your own scenario file (NAME.json).`, { path: '--scenario' });
  }
  return readValidatedJson(file, (json) => {
    const result = parseScenario(json);
    return result.ok ? { ok: true, value: result.scenario } : result;
  }, {
    code: 'scenario-invalid', what: 'scenario file',
    unreadableHint: 'Check the file name, and that it is a JSON scenario (copy scenarios/drill-2h.json to start your own).',
    problemsHint: 'Fix every line listed above, then run the command again (scenarios/drill-2h.json is a complete example).',
  });
}
