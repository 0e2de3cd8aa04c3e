/** `paperlink init [--encrypt]` and `paperlink workspace encrypt|rekey`: thin wiring to the store's workspace key. */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { PaperlinkError } from '../../model/index.js';
import { checkNewPassphrase, isEncryptedFile, isPostgresUrl, openWorkspace, rekeyWorkspace, workspaceFile, workspaceLabel } from '../../store/index.js';
import { globalOptions } from '../global-options.js';
import { currentPassphrase, newPassphrase, PASSPHRASE_ENV } from '../passphrase.js';

const PROTECTS = 'Protected at rest: the database with every value, page image, crop and family-link record. Not protected: a running, unlocked laptop, and files you write out (reports, lists, bundles).';

export function registerWorkspaceCommands(program: Command): void {
  program.command('init')
    .description('create the workspace folder; --encrypt keeps it encrypted at rest under a passphrase (asked, or PAPERLINK_PASSPHRASE)')
    .option('--encrypt', 'encrypt the new workspace (SQLCipher, key stretched with scrypt)')
    .action(async (options: { encrypt?: boolean }, command: Command) => {
      const global = globalOptions(command);
      if (options.encrypt) refuseServer(global.workspace);
      const file = workspaceFile(global.workspace);
      if (!isPostgresUrl(global.workspace) && existsSync(file)) {
        throw new PaperlinkError('argument-invalid', `There is already a workspace in ${resolve(global.workspace)}.`,
          options.encrypt && !isEncryptedFile(file) ? 'Encrypt it in place with `paperlink workspace encrypt`.' : 'Use it as it is, or choose another folder with --workspace.', { file });
      }
      const passphrase = options.encrypt ? await newPassphrase(PASSPHRASE_ENV) : undefined;
      if (passphrase !== undefined) checkNewPassphrase(passphrase);
      openWorkspace(global.workspace, { create: true, ...(passphrase !== undefined ? { passphrase, encrypt: true } : {}) }).close();
      if (global.json) { console.log(JSON.stringify({ workspace: workspaceLabel(global.workspace), encrypted: options.encrypt === true })); return; }
      console.log(`Workspace ready ${isPostgresUrl(global.workspace) ? 'on' : 'in'} ${workspaceLabel(global.workspace)}${options.encrypt ? ', encrypted.' : '.'}`);
      if (options.encrypt) console.log(`Every command on it asks for the passphrase (or reads ${PASSPHRASE_ENV}). Without it the data cannot be read: keep it written down, apart from the laptop.\n${PROTECTS}`);
    });

  const workspace = program.command('workspace').description('the workspace itself: encrypt it at rest, or change its passphrase');
  workspace.command('encrypt')
    .description('encrypt an existing plain workspace in place (close the review page and any scan first)')
    .action(async (_options: unknown, command: Command) => {
      const global = globalOptions(command);
      refuseServer(global.workspace);
      const file = workspaceFile(global.workspace);
      if (isEncryptedFile(file)) {
        throw new PaperlinkError('argument-invalid', 'This workspace is encrypted already.', 'To change its passphrase: `paperlink workspace rekey`.', { file });
      }
      const result = rekeyWorkspace(global.workspace, await newPassphrase());
      report(global.json, result.file, 'encrypted');
    });
  workspace.command('rekey')
    .description('change the passphrase of an encrypted workspace (the current one: asked or PAPERLINK_PASSPHRASE; the new one: asked or PAPERLINK_NEW_PASSPHRASE)')
    .action(async (_options: unknown, command: Command) => {
      const global = globalOptions(command);
      refuseServer(global.workspace);
      const file = workspaceFile(global.workspace);
      if (!isEncryptedFile(file)) {
        throw new PaperlinkError('argument-invalid', 'This workspace is not encrypted.', 'Encrypt it with `paperlink workspace encrypt`.', { file });
      }
      const current = await currentPassphrase();
      const result = rekeyWorkspace(global.workspace, await newPassphrase(), current);
      report(global.json, result.file, 're-keyed');
    });
}

function report(json: boolean, file: string, what: string): void {
  if (json) { console.log(JSON.stringify({ file, encrypted: true })); return; }
  console.log(`Workspace ${what}: ${file}\nFrom now on every command asks for the new passphrase (or reads ${PASSPHRASE_ENV}).\n${PROTECTS}`);
}

/** Encryption at rest is of a workspace folder; a database server is protected by its own means. */
function refuseServer(workspace: string): void {
  if (!isPostgresUrl(workspace)) return;
  throw new PaperlinkError('argument-invalid', `The workspace ${workspaceLabel(workspace)} is a database on a server: paperlink encrypts workspace folders only.`,
    'Protect the server itself (an encrypted disk, access rules, TLS over a network); see the README, "Several offices".', { file: workspaceLabel(workspace) });
}
