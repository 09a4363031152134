/**
 * Pattern validation entry point (spec 9).
 */
import type { StixIssue } from '../types.js';
import { PatternSyntaxError } from './lexer.js';
import { parsePattern } from './parser.js';

/** Longest pattern accepted, a guard against pathological inputs in bulk imports. */
export const MAX_PATTERN_LENGTH = 100_000;

/**
 * Checks a pattern against the STIX patterning grammar (spec 9). Returns null when valid, or an
 * issue with code `pattern` whose message names the problem and its offset.
 */
export function validatePattern(pattern: string): StixIssue | null {
  if (typeof pattern !== 'string')
    return { path: '', code: 'type', message: 'pattern must be a string' };
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return {
      path: '',
      code: 'pattern',
      message: `pattern longer than ${MAX_PATTERN_LENGTH} characters`,
    };
  }
  try {
    parsePattern(pattern);
    return null;
  } catch (error) {
    if (error instanceof PatternSyntaxError)
      return { path: '', code: 'pattern', message: error.message };
    if (error instanceof RangeError)
      return { path: '', code: 'pattern', message: 'pattern nested too deeply' };
    throw error;
  }
}
