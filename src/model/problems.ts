/**
 * Checking a JSON input the way forms and exercise scenarios are checked: read what can be read, collect every
 * problem at once with its path (`sections[0].fields[3].options[1].label.en`), and run the checks of the whole input
 * only when all its parts read. Pure; the input's own rules stay with its parser.
 */
import type { Label } from './form-definition.js';

/** One problem with one place of the input, in the words a form or scenario author understands. */
export interface InputProblem {
  readonly path: string;
  readonly message: string;
}

export class ProblemCollector {
  readonly problems: InputProblem[] = [];

  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }
}

export type Collected<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly InputProblem[] };

/** Reads an input with `read`; only if that found no problem, `checkWhole` looks at the whole (cross-references). */
export function collectProblems<T>(read: (problems: ProblemCollector) => T | undefined, checkWhole: (value: T, problems: ProblemCollector) => void): Collected<T> {
  const problems = new ProblemCollector();
  const value = read(problems);
  if (value !== undefined && problems.problems.length === 0) checkWhole(value, problems);
  if (value === undefined || problems.problems.length > 0) return { ok: false, problems: problems.problems };
  return { ok: true, value };
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The path of a member: `a.b`, or `a[3]` for a list index; a key at the top has no leading dot. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/**
 * A bilingual label: Dutch and English are required, other languages optional (two or three letter codes). A bad
 * extra language is reported but does not lose the label, so the problems of what follows are still listed.
 */
export function readLabel(input: unknown, path: string, problems: ProblemCollector): Label | undefined {
  if (!isJsonObject(input)) {
    problems.add(path, 'is missing (needs at least {"nl": "…", "en": "…"})');
    return undefined;
  }
  let ok = true;
  for (const language of ['nl', 'en']) {
    const text = input[language];
    if (typeof text !== 'string' || text.trim() === '') {
      problems.add(childPath(path, language), 'is missing');
      ok = false;
    }
  }
  for (const [language, text] of Object.entries(input)) {
    if (!/^[a-z]{2,3}$/.test(language)) problems.add(childPath(path, language), 'is not a language code (use two or three letters, e.g. "uk")');
    else if (typeof text !== 'string') problems.add(childPath(path, language), 'must be text');
  }
  return ok ? (input as Label) : undefined;
}
