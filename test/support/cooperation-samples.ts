import type {
  FieldDefinition,
  RequestDefinition,
} from '../../src/cooperation/definitions/definition.schema.js';
import { CODE_LISTS, type CodeListName } from '../../src/cooperation/code-lists.js';

/**
 * A valid sample value for each field type of the legal-cooperation forms, so that tests can
 * build a complete draft of any request type from its definition alone.
 */
export function sampleValue(f: FieldDefinition, refs: Map<string, { type: string }>): unknown {
  const one = (): unknown => {
    switch (f.type) {
      case 'code':
        return CODE_LISTS[f.codeList as CodeListName][0];
      case 'integer':
        return Math.max(f.minimum ?? 1, 24);
      case 'identifier':
        return f.identifierKinds?.includes('domain') && !f.identifierKinds.includes('ip')
          ? { kind: 'domain', value: 'example.org' }
          : { kind: 'ip', value: '198.51.100.7', timestamp: '2026-11-28T09:15:00+01:00' };
      case 'data-categories':
        return ['subscriber_information', 'traffic_data'];
      case 'time-range':
        return { start: '2026-11-01T00:00:00Z', end: '2026-11-28T00:00:00Z' };
      case 'offences':
        return ['BC-2-illegal-access'];
      case 'date-time':
        return '2026-11-28T08:00:00+01:00';
      case 'reference': {
        const id = `00000000-0000-4000-8000-${String(refs.size).padStart(12, '0')}`;
        refs.set(id, { type: f.referenceTypes?.[0] ?? 'R1' });
        return id;
      }
      case 'free-text':
        return { text: `Sample ${f.code}`, lang: 'en' };
      case 'boolean':
        return true;
      case 'authority':
        return { name: 'Police nationale, OFAC', country: 'FR' };
    }
  };
  return f.multiple ? [one()] : one();
}

/** A complete draft of `def`, with the references it makes resolvable in `refs`. */
export function completeDraft(def: RequestDefinition) {
  const refs = new Map<string, { type: string }>();
  const fields: Record<string, unknown> = {};
  for (const f of def.fields) fields[f.code] = sampleValue(f, refs);
  return {
    draft: { urgency: def.urgencies[0]!, channel: def.channels[0]!, fields },
    refs,
  };
}
