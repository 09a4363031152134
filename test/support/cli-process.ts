import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { cliArgs } from './cli-bundle.js';

/**
 * The real `nohaven` command in another process (from the test bundle, test/support/cli-bundle.ts), as
 * test/cli.test.ts and test/start.test.ts run it, with only the NOHAVEN_* settings given.
 */
const ROOT = join(import.meta.dirname, '..', '..');

function baseEnv(): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('NOHAVEN_')));
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
  stdin?: string | Buffer,
): Promise<CliRun> {
  const child = spawn(process.execPath, cliArgs(args), {
    cwd: ROOT,
    env: { ...baseEnv(), NOHAVEN_LOG_LEVEL: 'warn', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Ports handed out by this process, never handed out twice. */
const handedOut = new Set<number>();

/**
 * A TCP port free on 127.0.0.1 right now (so a node's base URL can name it). Drawn below the
 * kernel's ephemeral range (32768 and up on Linux): a port the kernel hands out for a listener
 * on port 0 may be taken by an outgoing connection before the node binds it (EADDRINUSE), which
 * a port outside that range cannot be.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (handedOut.has(port)) continue;
    const server = createServer();
    const free = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!free) continue;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    handedOut.add(port);
    return port;
  }
}

export interface StartedNode {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
  stop(): Promise<number | null>;
}

/** `nohaven start` in another process; resolves once it listens. */
export function startNodeProcess(env: Record<string, string>): Promise<StartedNode> {
  const child = spawn(process.execPath, cliArgs(['start']), {
    cwd: ROOT,
    env: { ...baseEnv(), NOHAVEN_PORT: '0', NOHAVEN_LOG_LEVEL: 'warn', ...env },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const stop = (): Promise<number | null> => {
    child.removeAllListeners('exit');
    if (child.exitCode !== null) return Promise.resolve(child.exitCode);
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    child.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve({ child, url: m[1]!, output: () => out, stop });
      }
    }, 50);
    child.on('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`start exited with ${code}: ${out}`));
    });
  });
}
