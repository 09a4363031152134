import { readFileSync } from 'node:fs';
import {
  CooperationSettingsError,
  DEFAULT_COOPERATION_SETTINGS,
  parseCooperationSettings,
  type CooperationSettings,
} from './cooperation.settings.js';

/**
 * Reads the cooperation settings file named by the configuration (`cooperationFile`), once at
 * boot; null: the defaults. Errors name the file and the setting.
 */
export function loadCooperationSettings(file: string | null): CooperationSettings {
  if (file === null) return DEFAULT_COOPERATION_SETTINGS;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CooperationSettingsError(
      'cooperationFile',
      `${file}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return parseCooperationSettings(raw, `cooperationFile ${file}`);
}
