import { DISTRIBUTIONS, type Distribution } from '../../objects/object.types.js';
import { TLP_LEVELS, type TlpLevel } from '../../stix/index.js';
import { TaxiiClient, type TaxiiCredentials } from '../../taxii/client/taxii-client.js';
import { UsageError } from '../command.js';

/** Options every `nohaven taxii` command takes to reach a server. */
export const CONNECTION_OPTIONS = {
  user: { type: 'string' },
  password: { type: 'string' },
  token: { type: 'string' },
  timeout: { type: 'string' },
} as const;

export const CONNECTION_USAGE = `  --user U / --password P  HTTP Basic credentials (or NOHAVEN_TAXII_USER / NOHAVEN_TAXII_PASSWORD;
                           prefer the variable for the password: argv is visible to other users)
  --token T                Bearer token (or NOHAVEN_TAXII_TOKEN)
  --timeout S              seconds per HTTP request (default 60)`;

/**
 * The credentials of a command: options first, then `NOHAVEN_TAXII_*` variables. A user
 * without a password, or both Basic and Bearer, is a usage error.
 */
export function credentialsOf(
  o: { user?: string; password?: string; token?: string },
  env: NodeJS.ProcessEnv,
): TaxiiCredentials {
  const user = o.user ?? env.NOHAVEN_TAXII_USER;
  const password = o.password ?? env.NOHAVEN_TAXII_PASSWORD;
  const token = o.token ?? env.NOHAVEN_TAXII_TOKEN;
  if (o.token !== undefined && o.user !== undefined)
    throw new UsageError('give either --user/--password or --token, not both');
  if (token !== undefined && token !== '' && o.user === undefined) return { kind: 'bearer', token };
  if (user !== undefined && user !== '') {
    if (password === undefined)
      throw new UsageError(
        `a password is needed for user "${user}": set NOHAVEN_TAXII_PASSWORD (or --password)`,
      );
    return { kind: 'basic', user, password };
  }
  return { kind: 'none' };
}

export function clientOf(
  o: { user?: string; password?: string; token?: string; timeout?: string },
  env: NodeJS.ProcessEnv,
): TaxiiClient {
  let timeoutMs: number | undefined;
  if (o.timeout !== undefined) {
    const s = Number(o.timeout);
    if (!Number.isFinite(s) || s <= 0)
      throw new UsageError(`--timeout: "${o.timeout}" is not a positive number of seconds`);
    timeoutMs = s * 1000;
  }
  return new TaxiiClient({ credentials: credentialsOf(o, env), timeoutMs });
}

/** An `http(s)` URL, or a usage error naming it. */
export function urlArgument(text: string): string {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new UsageError(`"${text}" is not a URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new UsageError(`"${text}" is not an http(s) URL`);
  return u.toString();
}

/** `--distribution` as `nohaven import` takes it. */
export function distributionOption(value: string | undefined): Distribution | undefined {
  const d = value as Distribution | undefined;
  if (d !== undefined && !DISTRIBUTIONS.includes(d) && !/^sharing-group:sg-[0-9a-f-]{36}$/.test(d))
    throw new UsageError(
      `unknown distribution "${d}" (one of ${DISTRIBUTIONS.join(', ')}, sharing-group:<id>)`,
    );
  return d;
}

/** `--tlp` as `nohaven import` takes it. */
export function tlpOption(value: string | undefined): TlpLevel | undefined {
  const tlp = value?.toLowerCase() as TlpLevel | undefined;
  if (tlp !== undefined && !TLP_LEVELS.includes(tlp))
    throw new UsageError(`unknown TLP "${value}" (one of ${TLP_LEVELS.join(', ')})`);
  return tlp;
}

export function positiveInteger(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value))
    throw new UsageError(`${option}: "${value}" is not a positive integer`);
  return Number(value);
}
