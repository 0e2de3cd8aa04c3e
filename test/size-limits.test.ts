/**
 * One idea per file (issue #21), kept: no function in src/ longer than 150 lines, no file longer than 700. A
 * newcomer should be able to hold any one of them in their head. Generated files are aside, and a known exception
 * is listed with the issue that removes it; the list must shrink, so an exception that is no longer needed fails too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');
const MAX_FUNCTION_LINES = 150;
const MAX_FILE_LINES = 700;
/** Written by scripts/gen-font-metrics.mjs, not by hand. */
const GENERATED = new Set(['model/font-metrics.ts']);
/** Functions still too long, each with the work that splits it. */
const KNOWN_LONG_FUNCTIONS: Readonly<Record<string, string>> = {
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every function with a body in a source text, with its name (or where it starts) and its length in lines. */
function functionLengths(fileName: string, text: string): { name: string; lines: number }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const found: { name: string; lines: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const declared = 'name' in node && node.name ? node.name.getText(source) : undefined;
      const assigned = ts.isVariableDeclaration(node.parent) ? node.parent.name.getText(source) : undefined;
      found.push({ name: declared ?? assigned ?? `(function at line ${start + 1})`, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files = sourceFiles(SRC).map((file) => ({ path: relative(SRC, file), text: readFileSync(file, 'utf8') }));
const longFunctions = files.flatMap(({ path, text }) => functionLengths(path, text)
  .filter((fn) => fn.lines > MAX_FUNCTION_LINES).map((fn) => ({ key: `${path} ${fn.name}`, lines: fn.lines })));

describe('size limits of src/', () => {
  it(`keeps every file at ${MAX_FILE_LINES} lines or fewer (generated files aside)`, () => {
    const long = files.filter(({ path, text }) => !GENERATED.has(path) && text.split('\n').length > MAX_FILE_LINES)
      .map(({ path, text }) => `${path}: ${text.split('\n').length} lines`);
    expect(long).toEqual([]);
  });

  it(`keeps every function at ${MAX_FUNCTION_LINES} lines or fewer, but for the listed exceptions`, () => {
    expect(longFunctions.filter((fn) => !(fn.key in KNOWN_LONG_FUNCTIONS)).map((fn) => `${fn.key}: ${fn.lines} lines`)).toEqual([]);
  });

  it('lists only exceptions that are still needed', () => {
    expect(Object.keys(KNOWN_LONG_FUNCTIONS).filter((key) => !longFunctions.some((fn) => fn.key === key))).toEqual([]);
  });

  it('measures functions of every form: declarations, arrows and methods', () => {
    const body = (n: number): string => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const text = `function a() {\n${body(3)}\n}\nconst b = () => {\n${body(1)}\n};\nclass C { m() {\n${body(2)}\n} }\n`;
    expect(functionLengths('x.ts', text)).toEqual([{ name: 'a', lines: 5 }, { name: 'b', lines: 3 }, { name: 'm', lines: 4 }]);
  });
});
