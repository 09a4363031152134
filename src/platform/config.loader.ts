import { readFileSync } from 'node:fs';
import { ConfigError, parseConfig, type Config } from './config.js';
import { readTlsMaterial } from './tls.js';

/**
 * Reads the config file (when one is named by `--config` or `NOHAVEN_CONFIG`) and the
 * environment, and returns the validated configuration (TLS files included: they must be
 * readable and the key must match the certificate). Called once, at boot.
 */
export function loadConfig(env: NodeJS.ProcessEnv, configFile?: string): Config {
  const path = configFile ?? env.NOHAVEN_CONFIG;
  let file: Record<string, unknown> = {};
  if (path) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new ConfigError('NOHAVEN_CONFIG', `cannot read ${path}: ${(err as Error).message}`);
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
      file = parsed as Record<string, unknown>;
    } catch (err) {
      throw new ConfigError(
        'NOHAVEN_CONFIG',
        `${path} is not a JSON object: ${(err as Error).message}`,
      );
    }
  }
  const config = parseConfig(env, file);
  readTlsMaterial(config);
  return config;
}
