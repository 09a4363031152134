import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';

/**
 * Files that hold a node's secrets (the federation key, the privacy master key): in folders
 * only the node's user may enter (0700), written whole or not at all with mode 0600, and
 * refused on read when group or others could read them.
 */

/** Makes `dir` (and its parents) and restricts it to the node's user. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Writes `text` to `path` with mode 0600 through a temporary file renamed over it. */
export function writeSecretFile(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/**
 * The text of a secret file; `fail` makes the caller's error from a message naming `what`
 * (e.g. "the node key") and the path: unreadable, or readable by group or others.
 */
export function readSecretFile(
  path: string,
  what: string,
  fail: (message: string) => Error,
): string {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (err) {
    throw fail(`cannot read ${what} ${path}: ${(err as Error).message}`);
  }
  if ((mode & 0o077) !== 0)
    throw fail(
      `${what} ${path} is readable by group or others (mode ${(mode & 0o777).toString(8)}); run "chmod 600 ${path}" and start again`,
    );
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw fail(`cannot read ${what} ${path}: ${(err as Error).message}`);
  }
}
