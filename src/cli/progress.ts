import type { Writable } from 'node:stream';

/** Work done so far: bytes of input read (or written) and objects handled. */
export interface ProgressState {
  readonly bytes: number;
  readonly objects: number;
  /** Input records (items) read, when the work counts them (imports). */
  readonly records?: number;
  /** Broken records so far. */
  readonly errors?: number;
}

/** Reports long work on stderr; cheap to call on every object (it throttles itself). */
export interface Progress {
  update(state: ProgressState): void;
  /** Ends the display (the bar's line is finished); call once. */
  done(): void;
}

export interface ProgressOptions {
  readonly out: Writable;
  /** A terminal: one redrawn bar, at most 10 times a second. Otherwise a plain line every 5 s. */
  readonly interactive: boolean;
  /** What is being done, e.g. `import`. */
  readonly label: string;
  /** Total bytes when known (a file), else null (stdin). */
  readonly total: number | null;
  /** Milliseconds clock (tests pass a fake one). */
  readonly now?: () => number;
}

const BAR_WIDTH = 24;
const TTY_INTERVAL_MS = 100;
const PLAIN_INTERVAL_MS = 5000;

export function createProgress(options: ProgressOptions): Progress {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const interval = options.interactive ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS;
  let last = started;
  let drawnObjects = -1;
  let state: ProgressState = { bytes: 0, objects: 0 };

  const describe = (): string => {
    const seconds = Math.max((now() - started) / 1000, 0.001);
    const rate = Math.round(state.objects / seconds);
    const size =
      options.total === null
        ? formatBytes(state.bytes)
        : `${formatBytes(state.bytes)} / ${formatBytes(options.total)}`;
    if (state.records === undefined) {
      return `${state.objects.toLocaleString('en')} objects, ${size}, ${rate.toLocaleString('en')} objects/s`;
    }
    const itemRate = Math.round(state.records / seconds);
    return (
      `${state.records.toLocaleString('en')} items, ${state.objects.toLocaleString('en')} objects, ` +
      `${(state.errors ?? 0).toLocaleString('en')} errors, ${size}, ${itemRate.toLocaleString('en')} items/s`
    );
  };
  const draw = (): void => {
    if (options.interactive) {
      const bar = options.total ? barOf(state.bytes / options.total) : '';
      options.out.write(`\r${options.label} ${bar}${describe()}\x1b[K`);
    } else {
      options.out.write(`${options.label}: ${describe()}\n`);
    }
    drawnObjects = state.objects;
  };

  return {
    update(next) {
      state = next;
      const t = now();
      if (t - last < interval) return;
      last = t;
      draw();
    },
    done() {
      if (options.interactive) {
        draw();
        options.out.write('\n');
      } else if (drawnObjects >= 0 && drawnObjects !== state.objects) {
        draw();
      }
    },
  };
}

function barOf(fraction: number): string {
  const f = Math.min(Math.max(fraction, 0), 1);
  const full = Math.round(f * BAR_WIDTH);
  return `[${'#'.repeat(full)}${'.'.repeat(BAR_WIDTH - full)}] ${Math.floor(f * 100)}% `;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
