import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PaperlinkError } from '../../src/model/index.js';
import { walkInputs } from '../../src/scan/index.js';
import { tempDir } from '../helpers/scan-inputs.js';

describe('walkInputs', () => {
  it('lists image files in sorted order and names every other entry with the reason it is skipped', () => {
    const dir = tempDir('paperlink-walk-');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'b.jpg'), 'x');
    writeFileSync(join(dir, 'a.pdf'), 'x');
    writeFileSync(join(dir, 'sub', 'c.png'), 'x');
    writeFileSync(join(dir, 'notes.txt'), 'x');
    writeFileSync(join(dir, '._b.jpg'), 'x');
    symlinkSync('self.jpg', join(dir, 'self.jpg'));
    symlinkSync('nowhere.jpg', join(dir, 'broken.jpg'));
    symlinkSync('..', join(dir, 'sub', 'up'));
    execFileSync('mkfifo', [join(dir, 'pipe.jpg')]);
    const walked = walkInputs([dir]);
    expect(walked.files).toEqual([join(dir, 'a.pdf'), join(dir, 'b.jpg'), join(dir, 'sub', 'c.png')]);
    expect(walked.skipped.map((entry) => [entry.path.slice(dir.length + 1), entry.reason])).toEqual([
      ['._b.jpg', 'hidden'], ['broken.jpg', 'broken-link'], ['notes.txt', 'not-an-image'], ['pipe.jpg', 'not-a-file'],
      ['self.jpg', 'link-loop'], ['sub/up', 'link-loop'],
    ]);
    expect(walked.skipped.find((entry) => entry.reason === 'not-a-file')!.message).toMatch(/named pipe/);
  });

  it('refuses an argument that does not exist (a typo) but skips one that is a loop of links', () => {
    const dir = tempDir('paperlink-walk-');
    expect(() => walkInputs([join(dir, 'missing')])).toThrow(PaperlinkError);
    symlinkSync('loop.jpg', join(dir, 'loop.jpg'));
    expect(walkInputs([join(dir, 'loop.jpg')]).skipped).toEqual([expect.objectContaining({ reason: 'link-loop' })]);
  });
});
