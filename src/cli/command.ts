import type { Readable, Writable } from 'node:stream';
import type { Services } from '../app.js';
import type { Config } from '../platform/config.js';
import type { DatabaseHandle } from '../platform/database/connection.js';

/** Exit codes of the `nohaven` command. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** A node opened for a CLI command: configuration, migrated database and services. */
export interface OpenedNode {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly services: Services;
  close(): Promise<void>;
}

/** What a command may touch: its streams, the environment, and a way to open the node. */
export interface CliContext {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** True when stderr is a terminal (progress bars), false for plain progress lines. */
  readonly interactive: boolean;
  readonly env: NodeJS.ProcessEnv;
  /** Path given with the global `--config FILE` option, if any. */
  readonly configFile: string | undefined;
  /** Loads the configuration, opens and migrates the database, wires the services. */
  openNode(): Promise<OpenedNode>;
}

/** One `nohaven` sub-command, e.g. `user add` (`name: ['user', 'add']`). */
export interface CliCommand {
  readonly name: readonly string[];
  readonly summary: string;
  /** Usage line(s), printed with `--help` and on a usage error. */
  readonly usage: string;
  /** Returns the exit code; throws {@link UsageError} for bad arguments. */
  run(ctx: CliContext, args: readonly string[]): Promise<number>;
}

/** Bad command-line arguments: exit code 2 with the message and the usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}
