/**
 * The options every command shares (--workspace, --forms, --json) and where their defaults come from. Below main.ts
 * and every command file, so commands need not import the program that registers them.
 */
import type { Command } from 'commander';

export interface GlobalOptions {
  readonly workspace: string;
  readonly forms: string[];
  readonly json: boolean;
}

export const DEFAULT_WORKSPACE = './paperlink-workspace';

export function globalOptions(command: Command): GlobalOptions {
  const options = command.optsWithGlobals() as { workspace?: string; forms?: string[]; json?: boolean };
  return {
    workspace: options.workspace ?? process.env['PAPERLINK_WORKSPACE'] ?? DEFAULT_WORKSPACE,
    forms: options.forms ?? [],
    json: options.json ?? false,
  };
}
