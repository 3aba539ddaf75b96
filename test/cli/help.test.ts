import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from '../../cli/program';

function allCommands(cmd: Command, path: string[] = []): { path: string; cmd: Command }[] {
  return cmd.commands.flatMap((c) => [{ path: [...path, c.name()].join(' '), cmd: c }, ...allCommands(c, [...path, c.name()])]);
}

function helpOf(cmd: Command): string {
  let out = '';
  cmd.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
  cmd.outputHelp();
  return out;
}

describe('trasealla --help', () => {
  it('every command has a description and help with examples; data commands offer --json', () => {
    const commands = allCommands(buildProgram());
    expect(commands.map((c) => c.path)).toEqual(
      expect.arrayContaining([
        'serve',
        'setup',
        'license status',
        'license update',
        'license validate',
        'license import-renewal',
        'user create',
        'user list',
        'user reset-password',
        'user deactivate',
        'tenant create',
        'tenant list',
        'tenant suspend',
        'tenant resume',
        'backup',
        'restore',
        'migrate',
        'db copy',
        'doctor',
        'version',
      ]),
    );
    for (const { path, cmd } of commands) {
      const help = helpOf(cmd);
      expect(cmd.description(), path).not.toBe('');
      expect(help, path).toMatch(/Examples?:\n\s+(trasealla|npm run|PORT=|TRASEALLA_)/);
    }
    for (const path of ['license status', 'user list', 'tenant list', 'doctor', 'version', 'backup', 'restore', 'setup', 'db copy'])
      expect(helpOf(commands.find((c) => c.path === path)!.cmd), path).toMatch(/--json/);
  });
});
