import { parseArgs } from 'node:util';
import { UsageError } from './command.js';

/** One option of a command: a flag, a value, or a value that may repeat. */
export type OptionSpec =
  { readonly type: 'boolean' } | { readonly type: 'string'; readonly multiple?: boolean };

export type ParsedOptions<S extends Record<string, OptionSpec>> = {
  [K in keyof S]?: S[K] extends { type: 'boolean' }
    ? boolean
    : S[K] extends { multiple: true }
      ? string[]
      : string;
};

/**
 * Parses a command's arguments strictly (`node:util` `parseArgs`): unknown options, missing
 * values and surplus positionals are a {@link UsageError} (exit 2). `-` is a positional (stdin).
 */
export function parseCommandArgs<S extends Record<string, OptionSpec>>(
  args: readonly string[],
  spec: S,
  positionals: { min: number; max: number },
): { options: ParsedOptions<S>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: spec, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const rest = parsed.positionals;
  if (rest.length < positionals.min) throw new UsageError('missing argument');
  if (rest.length > positionals.max)
    throw new UsageError(`unexpected argument "${rest[positionals.max]}"`);
  return { options: parsed.values as ParsedOptions<S>, positionals: rest };
}
