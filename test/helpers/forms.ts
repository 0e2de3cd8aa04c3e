/** Test access to the shipped form definitions (parsed with the real parser). */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseForm, type FormDefinition } from '../../src/model/index.js';

export const FORMS_DIR = resolve(import.meta.dirname, '../../forms');

export function shippedFormFiles(): { id: string; version: number; file: string }[] {
  return readdirSync(FORMS_DIR).sort().flatMap((id) => {
    const dir = join(FORMS_DIR, id);
    if (!existsSync(dir)) return [];
    return readdirSync(dir).filter((name) => /^v\d+\.json$/.test(name)).sort()
      .map((name) => ({ id, version: Number(name.slice(1, -5)), file: join(dir, name) }));
  });
}

export function loadShippedForm(id: string, version = 1): FormDefinition {
  const result = parseForm(JSON.parse(readFileSync(join(FORMS_DIR, id, `v${version}.json`), 'utf8')));
  if (!result.ok) throw new Error(`${id} v${version} is invalid: ${JSON.stringify(result.issues)}`);
  return result.definition;
}
