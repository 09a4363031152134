/**
 * Nested types used by SCOs: the MIME part type of email-message (spec 6.6.2) and the Windows
 * registry value type (spec 6.17.2).
 */
import { issue, object, oneOf, ref, str } from './checks.js';

/** MIME part (spec 6.6.2): exactly one of body and body_raw_ref. */
export const mimePart = object({
  props: {
    body: str,
    body_raw_ref: ref('artifact', 'file'),
    content_type: str,
    content_disposition: str,
  },
  check: (o, p, out) => {
    const n = (o.body === undefined ? 0 : 1) + (o.body_raw_ref === undefined ? 0 : 1);
    if (n !== 1) issue(out, p, 'required', 'exactly one of body and body_raw_ref is required');
  },
});

const REGISTRY_DATA_TYPES = [
  'REG_NONE',
  'REG_SZ',
  'REG_EXPAND_SZ',
  'REG_BINARY',
  'REG_DWORD',
  'REG_DWORD_BIG_ENDIAN',
  'REG_DWORD_LITTLE_ENDIAN',
  'REG_LINK',
  'REG_MULTI_SZ',
  'REG_RESOURCE_LIST',
  'REG_FULL_RESOURCE_DESCRIPTION',
  'REG_RESOURCE_REQUIREMENTS_LIST',
  'REG_QWORD',
  'REG_INVALID_TYPE',
];
/** Windows registry value (spec 6.17.2). */
export const registryValue = object({
  props: { name: str, data: str, data_type: oneOf(REGISTRY_DATA_TYPES) },
});
