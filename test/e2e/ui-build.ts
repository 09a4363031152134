import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const WEB = path.resolve('web');
export const WEB_DIST = path.join(WEB, 'dist');
const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts'].map((p) => path.join(WEB, p));
/** Held while one test process builds, so parallel test files never build at once. */
const LOCK = path.resolve('test-results/.web-build-lock');
const STALE_LOCK_MS = 180_000;

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((name) => newestMtime(path.join(p, name))));
}

function isCurrent(): boolean {
  const index = path.join(WEB_DIST, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  return built >= Math.max(...SOURCES.map(newestMtime));
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function acquireLock(): void {
  mkdirSync(path.dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      return;
    } catch {
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) {
        rmSync(LOCK, { recursive: true, force: true });
      } else {
        sleep(200);
      }
    }
  }
}

/** Builds `web/dist` (production mode) when it is missing or older than any UI source. */
export function ensureUiBuilt(): void {
  if (isCurrent()) return;
  acquireLock();
  try {
    if (isCurrent()) return;
    execFileSync(
      path.resolve('node_modules/.bin/vite'),
      ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
      // Vitest sets NODE_ENV=test, which would give a development build of React.
      { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
    );
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
