/**
 * Reads form definitions from disk (the built-in forms/ folder plus any --forms folders) and validates them.
 * This is the file I/O the model must not do; every problem is reported at once with file and path.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PaperlinkError, parseForm, type FormDefinition, type IssueCode } from '../model/index.js';

export interface FormCatalogue {
  readonly forms: readonly FormDefinition[];
  /** The latest version of a form by id. */
  get(formId: string): FormDefinition;
  getVersion(formId: string, version: number): FormDefinition | undefined;
}

/** The package root: the folder holding package.json, found upwards from this module (works from src/ and dist/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('paperlink package root not found');
    dir = parent;
  }
  return dir;
}

export const BUILT_IN_FORMS_DIR = (): string => join(packageRoot(), 'forms');

/** A feature's templates folder in the package (templates/report, templates/exercise, templates/review): features
 * take it as an argument instead of each searching for the package root. */
export const templatesDirOf = (feature: 'report' | 'exercise' | 'review' | 'family-links'): string => join(packageRoot(), 'templates', feature);

/** What a user-edited JSON file is called in messages, and the error code for its problems. */
export interface JsonFileWords {
  readonly code: IssueCode;
  /** e.g. "form definition", "scenario file". */
  readonly what: string;
  /** What to check when the file cannot be read as JSON. */
  readonly unreadableHint: string;
  /** What to do about the listed problems. */
  readonly problemsHint: string;
}

/**
 * Reads a JSON file a user edits and validates it; every problem is listed at once as `file: path message`.
 * Shared by form definitions and exercise scenarios.
 */
export function readValidatedJson<T>(file: string, validate: (json: unknown) => { ok: true; value: T } | { ok: false; issues: readonly { path: string; message: string }[] },
  words: JsonFileWords & { readonly unreadableCode?: IssueCode }): T {
  const shown = relative(process.cwd(), resolve(file)) || file;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `is not valid JSON (${(error as Error).message})`;
    throw new PaperlinkError(words.unreadableCode ?? words.code, `The ${words.what} ${shown} ${reason}.`, words.unreadableHint, { file: shown }, { cause: error });
  }
  const result = validate(json);
  if (!result.ok) {
    const list = result.issues.map((issue) => `  ${basename(file)}: ${issue.path || '(top)'} ${issue.message}`).join('\n');
    throw new PaperlinkError(words.code, `The ${words.what} ${shown} has ${result.issues.length} problem${result.issues.length === 1 ? '' : 's'}:\n${list}`,
      words.problemsHint, { file: shown });
  }
  return result.value;
}

/** Validates one definition file; throws a PaperlinkError listing every problem. */
export function loadFormFile(file: string): FormDefinition {
  return readValidatedJson(file, (json) => {
    const result = parseForm(json);
    return result.ok ? { ok: true, value: result.definition } : result;
  }, {
    code: 'form-invalid', unreadableCode: 'form-file-unreadable', what: 'form definition',
    unreadableHint: 'Check the file name, and that the file is a JSON form definition (see forms/intake/v1.json for an example).',
    problemsHint: 'Fix every line listed above, then run `paperlink forms check` on the file again.',
  });
}

function definitionFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) files.push(...definitionFiles(path));
    else if (entry.endsWith('.json')) files.push(path);
  }
  return files;
}

export function loadFormCatalogue(extraDirs: readonly string[] = []): FormCatalogue {
  const forms: FormDefinition[] = [];
  for (const dir of [BUILT_IN_FORMS_DIR(), ...extraDirs]) {
    if (!existsSync(dir)) {
      throw new PaperlinkError('form-file-unreadable', `The forms folder ${dir} does not exist.`, 'Check the --forms path.', { file: dir });
    }
    for (const file of definitionFiles(dir)) forms.push(loadFormFile(file));
  }
  const byKey = new Map<string, FormDefinition>();
  for (const form of forms) byKey.set(`${form.id}@${form.version}`, form);
  const all = [...byKey.values()].sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version);
  return {
    forms: all,
    get(formId) {
      const versions = all.filter((form) => form.id === formId);
      const latest = versions[versions.length - 1];
      if (!latest) {
        throw new PaperlinkError('form-unknown', `There is no form called "${formId}".`,
          `Use one of: ${[...new Set(all.map((form) => form.id))].join(', ')} (see \`paperlink forms list\`), or add your own with --forms DIR.`);
      }
      return latest;
    },
    getVersion(formId, version) {
      return all.find((form) => form.id === formId && form.version === version);
    },
  };
}
