import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PaperlinkError } from '../../src/model/index.js';
import { SCHEMA_VERSION, getOrCreateBatch, openWorkspace, workspaceFile } from '../../src/store/index.js';

const freshDir = (): string => join(mkdtempSync(join(tmpdir(), 'paperlink-store-')), 'ws');

describe('openWorkspace', () => {
  it('creates the folder and database on first use, and finds what was written when opened again', () => {
    const dir = freshDir();
    const first = openWorkspace(dir);
    const batch = getOrCreateBatch(first, 'morning');
    first.close();
    expect(existsSync(workspaceFile(dir))).toBe(true);
    const again = openWorkspace(dir, { create: false });
    expect(getOrCreateBatch(again, 'morning')).toBe(batch);
    again.close();
  });

  it('refuses to create a workspace where one was expected, naming the folder', () => {
    const dir = freshDir();
    expect(() => openWorkspace(dir, { create: false })).toThrow(PaperlinkError);
    expect(() => openWorkspace(dir, { create: false })).toThrow(/There is no paperlink workspace in/);
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses a file that is no database, as an unreadable workspace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperlink-store-'));
    writeFileSync(workspaceFile(dir), 'not a database, just text that is long enough to be read as a header');
    expect(() => openWorkspace(dir)).toThrow(expect.objectContaining({ code: 'workspace-unreadable' }));
  });

  it('refuses a workspace made by a newer paperlink', () => {
    const dir = freshDir();
    const workspace = openWorkspace(dir);
    workspace.sqlite!.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    workspace.close();
    expect(() => openWorkspace(dir)).toThrow(expect.objectContaining({ code: 'workspace-too-new' }));
  });

  it('runs work in one transaction: a failure leaves nothing of it behind', () => {
    const workspace = openWorkspace(freshDir());
    try {
      expect(() => workspace.transaction(() => {
        getOrCreateBatch(workspace, 'evening');
        throw new Error('crash mid-way');
      })).toThrow('crash mid-way');
      const before = getOrCreateBatch(workspace, 'other');
      // 'evening' was rolled back, so it is made anew after 'other'.
      expect(getOrCreateBatch(workspace, 'evening')).toBe(before + 1);
    } finally {
      workspace.close();
    }
  });
});
