/**
 * STIX Cyber-observable Objects (spec 6.1–6.18): per-type properties, required properties and
 * cross-property rules. SCO common properties live in `common.validate.ts`.
 */
import {
  atLeastOne,
  binary,
  bool,
  dict,
  hashes,
  hex,
  int,
  issue,
  list,
  matching,
  notBefore,
  object,
  pointer,
  ref,
  refs,
  str,
  strList,
  strOrStrList,
  timestamp,
} from './checks.js';
import { extensionsCheck } from './common.validate.js';
import {
  FILE_EXTENSIONS,
  NETWORK_TRAFFIC_EXTENSIONS,
  PROCESS_EXTENSIONS,
  USER_ACCOUNT_EXTENSIONS,
} from './sco-extensions.rules.js';
import {
  domainValue,
  emailValue,
  ipv4Value,
  ipv6Value,
  macValue,
  urlValue,
} from './sco.formats.js';
import { mimePart, registryValue } from './sco.types.js';
import type { Check, JsonObject, StixIssue, TypeRule } from './types.js';

const uint = int(0);
const port = int(0, 65535);
const encoded = matching(/^[a-zA-Z0-9/.+_:-]{2,250}$/, 'an IANA character set name');

/** SCOs whose spec section says they MUST carry at least one type-specific property. */
const atLeastOneOf =
  (keys: readonly string[]) =>
  (o: JsonObject, p: string, out: StixIssue[]): void =>
    atLeastOne(o, keys, p, out);

const sco = (
  required: readonly string[],
  props: Record<string, Check>,
  check?: TypeRule['check'],
): TypeRule => ({
  kind: 'sco',
  required,
  props,
  check,
});

/** Artifact (spec 6.1): exactly one of payload_bin and url; url needs hashes. */
function checkArtifact(o: JsonObject, p: string, out: StixIssue[]): void {
  const n = (o.payload_bin === undefined ? 0 : 1) + (o.url === undefined ? 0 : 1);
  if (n !== 1) issue(out, p, 'required', 'exactly one of payload_bin and url is required');
  if (o.url !== undefined && o.hashes === undefined) {
    issue(out, pointer(p, 'hashes'), 'required', 'hashes is required when url is present');
  }
  if (o.decryption_key !== undefined && o.encryption_algorithm === undefined) {
    issue(
      out,
      pointer(p, 'decryption_key'),
      'value',
      'decryption_key requires encryption_algorithm',
    );
  }
}

/** Email message (spec 6.6): body only when not multipart, body_multipart only when multipart. */
function checkEmailMessage(o: JsonObject, p: string, out: StixIssue[]): void {
  if (o.is_multipart === true && o.body !== undefined) {
    issue(out, pointer(p, 'body'), 'value', 'body is not allowed when is_multipart is true');
  }
  if (o.is_multipart === false && o.body_multipart !== undefined) {
    issue(out, pointer(p, 'body_multipart'), 'value', 'body_multipart requires is_multipart true');
  }
}

/** Network traffic (spec 6.12): src_ref or dst_ref; no `end` while active; end ≥ start. */
function checkNetworkTraffic(o: JsonObject, p: string, out: StixIssue[]): void {
  atLeastOne(o, ['src_ref', 'dst_ref'], p, out);
  if (o.is_active === true && o.end !== undefined) {
    issue(out, pointer(p, 'end'), 'value', 'end is not allowed when is_active is true');
  }
  notBefore(o, 'start', 'end', p, out);
}

const PROCESS_PROPS: Record<string, Check> = {
  extensions: extensionsCheck(PROCESS_EXTENSIONS),
  is_hidden: bool,
  pid: int(),
  created_time: timestamp,
  cwd: str,
  command_line: str,
  environment_variables: dict(str, /^.{1,250}$/),
  opened_connection_refs: refs('network-traffic'),
  creator_user_ref: ref('user-account'),
  image_ref: ref('file'),
  parent_ref: ref('process'),
  child_refs: refs('process'),
};

const USER_ACCOUNT_PROPS: Record<string, Check> = {
  extensions: extensionsCheck(USER_ACCOUNT_EXTENSIONS),
  user_id: str,
  credential: str,
  account_login: str,
  account_type: str,
  display_name: str,
  is_service_account: bool,
  is_privileged: bool,
  can_escalate_privs: bool,
  is_disabled: bool,
  account_created: timestamp,
  account_expires: timestamp,
  credential_last_changed: timestamp,
  account_first_login: timestamp,
  account_last_login: timestamp,
};

const REGISTRY_PROPS: Record<string, Check> = {
  key: str,
  values: list(registryValue),
  modified_time: timestamp,
  creator_user_ref: ref('user-account'),
  number_of_subkeys: uint,
};

const X509_PROPS: Record<string, Check> = {
  is_self_signed: bool,
  hashes,
  version: str,
  serial_number: str,
  signature_algorithm: str,
  issuer: str,
  validity_not_before: timestamp,
  validity_not_after: timestamp,
  subject: str,
  subject_public_key_algorithm: str,
  subject_public_key_modulus: str,
  subject_public_key_exponent: int(),
  x509_v3_extensions: object({ props: {} }),
};

/** Rules of the 18 SCO types, keyed by type. */
export const SCO_RULES: Readonly<Record<string, TypeRule>> = {
  artifact: sco(
    [],
    {
      mime_type: str,
      payload_bin: binary,
      url: str,
      hashes,
      encryption_algorithm: str,
      decryption_key: str,
    },
    checkArtifact,
  ),
  'autonomous-system': sco(['number'], { number: int(0), name: str, rir: str }),
  directory: sco(['path'], {
    path: str,
    path_enc: encoded,
    ctime: timestamp,
    mtime: timestamp,
    atime: timestamp,
    contains_refs: refs('file', 'directory'),
  }),
  'domain-name': sco(['value'], {
    value: domainValue,
    resolves_to_refs: refs('ipv4-addr', 'ipv6-addr', 'domain-name'),
  }),
  'email-addr': sco(['value'], {
    value: emailValue,
    display_name: str,
    belongs_to_ref: ref('user-account'),
  }),
  'email-message': sco(
    ['is_multipart'],
    {
      is_multipart: bool,
      date: timestamp,
      content_type: str,
      from_ref: ref('email-addr'),
      sender_ref: ref('email-addr'),
      to_refs: refs('email-addr'),
      cc_refs: refs('email-addr'),
      bcc_refs: refs('email-addr'),
      message_id: str,
      subject: str,
      received_lines: strList,
      additional_header_fields: dict(strOrStrList, /^.{1,250}$/),
      body: str,
      body_multipart: list(mimePart),
      raw_email_ref: ref('artifact'),
    },
    checkEmailMessage,
  ),
  file: sco(
    [],
    {
      extensions: extensionsCheck(FILE_EXTENSIONS),
      hashes,
      size: uint,
      name: str,
      name_enc: encoded,
      magic_number_hex: hex,
      mime_type: str,
      ctime: timestamp,
      mtime: timestamp,
      atime: timestamp,
      parent_directory_ref: ref('directory'),
      contains_refs: refs(),
      content_ref: ref('artifact'),
    },
    atLeastOneOf(['hashes', 'name']),
  ),
  'ipv4-addr': sco(['value'], {
    value: ipv4Value,
    resolves_to_refs: refs('mac-addr'),
    belongs_to_refs: refs('autonomous-system'),
  }),
  'ipv6-addr': sco(['value'], {
    value: ipv6Value,
    resolves_to_refs: refs('mac-addr'),
    belongs_to_refs: refs('autonomous-system'),
  }),
  'mac-addr': sco(['value'], { value: macValue }),
  mutex: sco(['name'], { name: str }),
  'network-traffic': sco(
    ['protocols'],
    {
      extensions: extensionsCheck(NETWORK_TRAFFIC_EXTENSIONS),
      start: timestamp,
      end: timestamp,
      is_active: bool,
      src_ref: ref('ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name'),
      dst_ref: ref('ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name'),
      src_port: port,
      dst_port: port,
      protocols: strList,
      src_byte_count: uint,
      dst_byte_count: uint,
      src_packets: uint,
      dst_packets: uint,
      ipfix: dict(undefined, /^.{1,250}$/),
      src_payload_ref: ref('artifact'),
      dst_payload_ref: ref('artifact'),
      encapsulates_refs: refs('network-traffic'),
      encapsulated_by_ref: ref('network-traffic'),
    },
    checkNetworkTraffic,
  ),
  process: sco([], PROCESS_PROPS, atLeastOneOf(Object.keys(PROCESS_PROPS))),
  software: sco(['name'], {
    name: str,
    cpe: str,
    swid: str,
    languages: strList,
    vendor: str,
    version: str,
  }),
  url: sco(['value'], { value: urlValue }),
  'user-account': sco([], USER_ACCOUNT_PROPS, atLeastOneOf(Object.keys(USER_ACCOUNT_PROPS))),
  'windows-registry-key': sco([], REGISTRY_PROPS, atLeastOneOf(Object.keys(REGISTRY_PROPS))),
  'x509-certificate': sco([], X509_PROPS, atLeastOneOf(Object.keys(X509_PROPS))),
};
