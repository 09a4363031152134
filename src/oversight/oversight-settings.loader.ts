import { readFileSync } from 'node:fs';
import {
  DEFAULT_OVERSIGHT_SETTINGS,
  OversightSettingsError,
  parseOversightSettings,
  type OversightSettings,
} from './oversight.settings.js';

/**
 * Reads the oversight settings file named by the configuration (`oversightFile`), once at boot;
 * null: the defaults. Errors name the file and the setting.
 */
export function loadOversightSettings(file: string | null): OversightSettings {
  if (file === null) return DEFAULT_OVERSIGHT_SETTINGS;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new OversightSettingsError(
      'oversightFile',
      `${file}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return parseOversightSettings(raw, `oversightFile ${file}`);
}
