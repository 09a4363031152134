import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../platform/config.js';
import { DomainError } from '../platform/errors.js';
import { EXIT, UsageError, type CliCommand, type CliContext } from './command.js';
import {
  auditCheckpointCommand,
  auditExportCommand,
  auditVerifyCommand,
  auditVerifyExportCommand,
} from './commands/audit.command.js';
import {
  collectionAddCommand,
  collectionListCommand,
  collectionRemoveCommand,
} from './commands/collection.command.js';
import { configCheckCommand } from './commands/config.command.js';
import { contactImportCommand, contactListCommand } from './commands/contact.command.js';
import { coverageCommand } from './commands/coverage.command.js';
import { exportCommand } from './commands/export.command.js';
import { evidenceExportCommand, evidenceVerifyCommand } from './commands/evidence.command.js';
import { caseListCommand, caseShowCommand } from './commands/case.command.js';
import { feedTestCommand } from './commands/feed.command.js';
import { importCommand } from './commands/import.command.js';
import { migrateCommand } from './commands/migrate.command.js';
import { nodeRotateKeyCommand, nodeShowCommand } from './commands/node.command.js';
import { orgAddCommand } from './commands/org.command.js';
import {
  peerAcceptCommand,
  peerAddCommand,
  peerListCommand,
  peerRefreshCommand,
  peerRemoveCommand,
  peerResumeCommand,
  peerShowCommand,
  peerSuspendCommand,
} from './commands/peer.command.js';
import {
  requestListCommand,
  requestShowCommand,
  requestTypesCommand,
} from './commands/request.command.js';
import {
  requestDispatchCommand,
  requestOutboxCommand,
} from './commands/request-exchange.command.js';
import {
  sharingGroupAddCommand,
  sharingGroupAddMemberCommand,
  sharingGroupListCommand,
  sharingGroupRemoveMemberCommand,
  sharingGroupShowCommand,
} from './commands/sharing-group.command.js';
import { startCommand } from './commands/start.command.js';
import { statusCommand } from './commands/status.command.js';
import {
  taxiiDiscoverCommand,
  taxiiPullCommand,
  taxiiPushCommand,
} from './commands/taxii.command.js';
import { retentionPlanCommand, retentionRunCommand } from './commands/retention.command.js';
import { tokenCreateCommand } from './commands/token.command.js';
import { userAddCommand } from './commands/user.command.js';
import { privacyRotateMasterKeyCommand } from './commands/privacy.command.js';
import { openNode } from './open-node.js';

/** Every sub-command of `nohaven`, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  startCommand,
  statusCommand,
  migrateCommand,
  configCheckCommand,
  importCommand,
  exportCommand,
  userAddCommand,
  tokenCreateCommand,
  orgAddCommand,
  collectionAddCommand,
  collectionListCommand,
  collectionRemoveCommand,
  sharingGroupAddCommand,
  sharingGroupListCommand,
  sharingGroupShowCommand,
  sharingGroupAddMemberCommand,
  sharingGroupRemoveMemberCommand,
  taxiiDiscoverCommand,
  taxiiPullCommand,
  taxiiPushCommand,
  auditVerifyCommand,
  auditCheckpointCommand,
  auditExportCommand,
  auditVerifyExportCommand,
  feedTestCommand,
  contactImportCommand,
  contactListCommand,
  coverageCommand,
  nodeShowCommand,
  nodeRotateKeyCommand,
  peerAddCommand,
  peerAcceptCommand,
  peerListCommand,
  peerShowCommand,
  peerSuspendCommand,
  peerResumeCommand,
  peerRemoveCommand,
  peerRefreshCommand,
  caseListCommand,
  caseShowCommand,
  evidenceExportCommand,
  evidenceVerifyCommand,
  requestTypesCommand,
  requestListCommand,
  requestShowCommand,
  requestOutboxCommand,
  requestDispatchCommand,
  retentionPlanCommand,
  retentionRunCommand,
  privacyRotateMasterKeyCommand,
];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.join(' ').length));
  return [
    'usage: nohaven [--config FILE] COMMAND [ARGS]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    'Run "nohaven COMMAND --help" for a command\'s options. Settings come from NOHAVEN_* variables',
    'and the JSON file named by --config or NOHAVEN_CONFIG.',
  ].join('\n');
}

/** The command whose name is the longest prefix of `words`. */
function findCommand(words: readonly string[]): CliCommand | undefined {
  let best: CliCommand | undefined;
  for (const c of COMMANDS) {
    if (c.name.every((w, i) => words[i] === w) && (!best || c.name.length > best.name.length))
      best = c;
  }
  return best;
}

/**
 * Runs `nohaven` with `argv` (without the node and script paths) and returns the exit code:
 * 0 done, 1 failed (bad input, bad setting — named — or an error), 2 usage error. Global option
 * `--config FILE` may appear anywhere before `--`. `io` replaces the process's streams and
 * environment (tests).
 */
export async function main(argv: readonly string[], io: Partial<CliContext> = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const env = io.env ?? process.env;
  let configFile = io.configFile;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      words.push(...argv.slice(i));
      break;
    }
    if (a === '--config' || a.startsWith('--config=')) {
      configFile = a === '--config' ? argv[++i] : a.slice('--config='.length);
      if (!configFile) {
        stderr.write(`nohaven: --config needs a file name\n${overview()}\n`);
        return EXIT.usage;
      }
    } else {
      words.push(a);
    }
  }

  const first = words[0];
  if (first === undefined || first === 'help' || first === '--help' || first === '-h') {
    const topic = first === undefined ? undefined : findCommand(words.slice(1));
    (first === undefined ? stderr : stdout).write(`${topic ? topic.usage : overview()}\n`);
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = findCommand(words);
  if (!command) {
    stderr.write(
      `nohaven: unknown command "${words
        .filter((w) => !w.startsWith('-'))
        .slice(0, 2)
        .join(' ')}"\n${overview()}\n`,
    );
    return EXIT.usage;
  }
  const args = words.slice(command.name.length);
  const end = args.indexOf('--');
  if ((end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h')) {
    stdout.write(`${command.usage}\n`);
    return EXIT.ok;
  }
  const ctx: CliContext = {
    stdin: io.stdin ?? process.stdin,
    stdout,
    stderr,
    interactive: io.interactive ?? Boolean(process.stderr.isTTY),
    env,
    configFile,
    openNode: io.openNode ?? (() => openNode(env, configFile, stderr)),
  };
  const label = `nohaven ${command.name.join(' ')}`;
  try {
    return await command.run(ctx, args);
  } catch (err) {
    if (err instanceof UsageError) {
      stderr.write(`${label}: ${err.message}\nusage: ${command.usage}\n`);
      return EXIT.usage;
    }
    if (err instanceof ConfigError) {
      stderr.write(`${label}: configuration error: ${err.message}\n`);
    } else if (err instanceof DomainError) {
      stderr.write(`${label}: ${err.message}\n`);
      for (const d of err.details) if (d.path) stderr.write(`  ${d.path}: ${d.message}\n`);
    } else {
      stderr.write(`${label}: ${err instanceof Error ? err.message : String(err)}\n`);
      if (env.NOHAVEN_DEBUG && err instanceof Error && err.stack) stderr.write(`${err.stack}\n`);
    }
    return EXIT.failure;
  }
}

/** True when this module is the program (`node src/cli/main.ts`, `tsx …`), not an import. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) process.exitCode = await main(process.argv.slice(2));
