/**
 * The import rules of shared/docs/house-style.md §3, enforced: model is pure; store knows model only; geometry (pure
 * maths) and pdf (the pdfkit set-up) sit below the features beside store; features (print, scan, simulate, review,
 * report, exercise) import model, store, geometry and pdf only, never each other; cli may import anything.
 * And no two files of src/ import each other, directly or around a circle (issue #21); only src/store touches the
 * database (issue #23).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');
const FEATURES = ['print', 'scan', 'simulate', 'review', 'report', 'exercise', 'family-links', 'bundle', 'seal', 'radio'];
/** Shared pieces below the features (issue #23): pure plane maths, and the one pdfkit document set-up. */
const SHARED = ['geometry', 'pdf'];
const ALLOWED: Record<string, string[]> = {
  model: ['model'],
  geometry: ['geometry'],
  pdf: ['pdf'],
  store: ['model', 'store'],
  cli: ['model', 'store', ...SHARED, 'cli', ...FEATURES],
  ...Object.fromEntries(FEATURES.map((feature) => [feature, ['model', 'store', ...SHARED, feature]])),
};
const MODEL_FORBIDDEN_PACKAGES = ['node:fs', 'fs', 'node:fs/promises', 'node:path', 'node:child_process', 'node:http', 'sharp',
  'better-sqlite3', 'better-sqlite3-multiple-ciphers', 'pdfkit', 'qrcode', 'jsqr', 'zxing-wasm', 'handlebars', 'mupdf', 'utif'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)];
  return specifiers.map((match) => match[1] ?? '');
}

const violations: string[] = [];
for (const file of sourceFiles(SRC)) {
  const folder = relative(SRC, file).split('/')[0] ?? '';
  for (const specifier of importsOf(file)) {
    const shown = `${relative(SRC, file)} imports '${specifier}'`;
    if (!specifier.startsWith('.')) {
      if ((folder === 'model' || folder === 'geometry') && MODEL_FORBIDDEN_PACKAGES.includes(specifier)) violations.push(`${shown}: ${folder} must stay pure (no I/O packages)`);
      continue;
    }
    const target = relative(SRC, resolve(dirname(file), specifier));
    const targetFolder = target.split('/')[0] ?? '';
    if (target.startsWith('..')) {
      violations.push(`${shown}: src/ may not import outside src/`);
      continue;
    }
    const allowed = ALLOWED[folder];
    if (!allowed) {
      violations.push(`${relative(SRC, file)}: folder '${folder}' is not in the architecture table`);
      continue;
    }
    if (!allowed.includes(targetFolder)) violations.push(`${shown}: ${folder} may import only ${allowed.join(', ')}`);
    else if (targetFolder !== folder && !/\/index\.js$/.test(target.replace(/\.ts$/, '.js'))) {
      violations.push(`${shown}: import another folder only through its index.ts`);
    }
  }
}

/** Relative imports between files of src/, as file → files (paths relative to src/, '.ts'). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const targets = importsOf(file).filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => relative(SRC, resolve(dirname(file), specifier)).replace(/\.js$/, '.ts'));
    graph.set(relative(SRC, file), targets);
  }
  return graph;
}

/** Import circles as the files around each, found depth-first: at least one whenever there is any (type-only imports count too). */
function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const circles = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    path.push(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (state.get(target) === 'open') {
        const circle = path.slice(path.indexOf(target));
        // Start each circle at its smallest file name, so the same circle found twice is listed once.
        const first = circle.indexOf([...circle].sort()[0]!);
        circles.add([...circle.slice(first), ...circle.slice(0, first), circle[first]].join(' → '));
      } else if (!state.has(target)) visit(target);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return [...circles].sort();
}

/**
 * The store is the one door to the data (issue #23): outside src/store no file holds the database handle, prepares or
 * runs a statement, imports the SQLite driver or writes SQL. (`.exec(` on a regular expression is fine: only a call
 * with SQL text in quotes counts.)
 */
const DATABASE_USES: readonly (readonly [RegExp, string])[] = [
  [/\.prepare\(/, '.prepare('],
  [/\.exec\(\s*[`'"]/, '.exec( with SQL text'],
  [/\.db\b/, 'the .db handle'],
  [/from\s+['"]better-sqlite3(?:-multiple-ciphers)?['"]/, 'the SQLite driver'],
  [/\b(?:SELECT\s[^`'"]*?\sFROM|INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(?:TABLE|INDEX|UNIQUE)|ALTER\s+TABLE|DROP\s+TABLE|PRAGMA\s)/, 'SQL text'],
];

function databaseUses(file: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  return lines.flatMap((line, index) => DATABASE_USES.filter(([pattern]) => pattern.test(line))
    .map(([, what]) => `${relative(SRC, file)}:${index + 1} uses ${what}`));
}

describe('architecture', () => {
  it('reads and writes the workspace only through src/store', () => {
    const outside = sourceFiles(SRC).filter((file) => !relative(SRC, file).startsWith('store/'));
    expect(outside.flatMap(databaseUses)).toEqual([]);
  });
  it('recognises database use where it belongs (the store check is not vacuous)', () => {
    const inside = sourceFiles(join(SRC, 'store')).flatMap(databaseUses).join('\n');
    for (const [, what] of DATABASE_USES.filter(([, what]) => what !== '.exec( with SQL text')) expect(inside).toContain(what);
  });
  it('has no import circle between files of src/', () => {
    expect(importCircles(importGraph())).toEqual([]);
  });
  it('finds an import circle when there is one (the check is not vacuous)', () => {
    const graph = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]);
    expect(importCircles(graph)).toEqual(['a.ts → b.ts → c.ts → a.ts']);
  });
  it('keeps every import in the direction model ← store ← features ← cli, features apart, through index files', () => {
    expect(violations).toEqual([]);
  });
  it('finds the source files it checks (the rule is not vacuous)', () => {
    expect(sourceFiles(SRC).length).toBeGreaterThan(10);
  });
});
