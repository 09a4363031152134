import { describe, expect, it } from 'vitest';
import { validateStixObject } from './validate.js';

const UUID = '8e2e2d2b-17d4-5cbf-938f-98ee46b3cd3f';
const ref = (type: string) => `${type}--${UUID}`;
const MD5 = '8bfb7b3b4e4f8a1e66c3c30d1dcd5b1b';
const SHA256 = 'fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db';

const sco = (type: string, props: Record<string, unknown>): Record<string, unknown> => ({
  type,
  spec_version: '2.1',
  id: ref(type),
  ...props,
});

/** One valid instance of each of the 18 SCOs (spec 6.1–6.18). */
const VALID: Record<string, Record<string, unknown>> = {
  artifact: {
    mime_type: 'application/zip',
    payload_bin: 'iVBORw0KGgoAAAANSUhEUgAAADI=',
    hashes: { MD5 },
  },
  'autonomous-system': { number: 15139, name: 'Slime Industries', rir: 'ARIN' },
  directory: { path: 'C:\\Windows\\System32', contains_refs: [ref('file')] },
  'domain-name': { value: 'example.com', resolves_to_refs: [ref('ipv4-addr')] },
  'email-addr': {
    value: 'john@example.com',
    display_name: 'John Doe',
    belongs_to_ref: ref('user-account'),
  },
  'email-message': {
    is_multipart: true,
    from_ref: ref('email-addr'),
    to_refs: [ref('email-addr')],
    date: '1997-11-21T15:55:06.000Z',
    subject: 'Saying Hello',
    additional_header_fields: { 'Reply-To': ['steve@example.com'] },
    body_multipart: [{ content_type: 'text/plain', body: 'Hi' }, { body_raw_ref: ref('artifact') }],
  },
  file: {
    name: 'foo.exe',
    hashes: { 'SHA-256': SHA256, MD5, SSDEEP: '96:jsgQ8bGYjGn2J:jsgQ3i', 'x-custom': 'anything' },
    size: 25536,
    parent_directory_ref: ref('directory'),
    extensions: {
      'windows-pebinary-ext': {
        pe_type: 'exe',
        machine_hex: '014c',
        sections: [{ name: '.text', entropy: 7.1 }],
      },
      'archive-ext': { contains_refs: [ref('file')] },
      'ntfs-ext': { sid: 'S-1-5-21' },
    },
  },
  'ipv4-addr': { value: '198.51.100.3' },
  'ipv6-addr': { value: '2001:0db8:85a3:0000:0000:8a2e:0370:7334' },
  'mac-addr': { value: 'd2:fb:49:24:37:18' },
  mutex: { name: '__CLEANSWEEP__' },
  'network-traffic': {
    src_ref: ref('ipv4-addr'),
    dst_ref: ref('domain-name'),
    src_port: 0,
    dst_port: 65535,
    protocols: ['ipv4', 'tcp', 'http'],
    is_active: false,
    start: '2016-01-01T00:00:00Z',
    end: '2016-01-01T00:01:00Z',
    extensions: {
      'http-request-ext': {
        request_method: 'get',
        request_value: '/download.html',
        request_header: { Host: 'x' },
      },
      'tcp-ext': { src_flags_hex: '00000002' },
      'socket-ext': {
        address_family: 'AF_INET',
        socket_type: 'SOCK_STREAM',
        options: { SO_TEST: 1000 },
      },
      'icmp-ext': { icmp_type_hex: '08', icmp_code_hex: '00' },
    },
  },
  process: {
    pid: 1221,
    command_line: './gedit-bin --new-window',
    image_ref: ref('file'),
    extensions: { 'windows-process-ext': { integrity_level: 'high' } },
  },
  software: {
    name: 'Word',
    cpe: 'cpe:2.3:a:microsoft:word:2000:*:*:*:*:*:*:*',
    vendor: 'Microsoft',
    languages: ['en'],
  },
  url: { value: 'https://example.com/research/index.html' },
  'user-account': {
    user_id: '1001',
    account_login: 'jdoe',
    is_privileged: false,
    extensions: { 'unix-account-ext': { gid: 1001 } },
  },
  'windows-registry-key': {
    key: 'hkey_local_machine\\system\\bar\\foo',
    values: [{ name: 'Foo', data: 'qwerty', data_type: 'REG_SZ' }],
  },
  'x509-certificate': {
    issuer: 'C=ZA, O=Thawte',
    serial_number: '36:f7:d4:32',
    validity_not_before: '2016-03-12T12:00:00Z',
  },
};

const codes = (value: unknown) => validateStixObject(value).map((i) => [i.path, i.code]);

describe('SCOs: valid instances', () => {
  it.each(Object.entries(VALID))('accepts %s', (type, props) => {
    expect(validateStixObject(sco(type, props))).toEqual([]);
  });

  it('does not require spec_version, created or modified', () => {
    expect(
      validateStixObject({ type: 'ipv4-addr', id: ref('ipv4-addr'), value: '10.0.0.1' }),
    ).toEqual([]);
  });

  it('requires type and id', () => {
    expect(codes({ type: 'ipv4-addr', value: '10.0.0.1' })).toEqual([['/id', 'required']]);
  });
});

describe('SCOs: rules', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    ['artifact', { url: 'https://x/y.zip' }, '', 'required'],
    [
      'artifact',
      { payload_bin: undefined, url: 'https://x', hashes: undefined },
      '/hashes',
      'required',
    ],
    ['artifact', { payload_bin: 'not base64!' }, '/payload_bin', 'format'],
    ['artifact', { decryption_key: 'k' }, '/decryption_key', 'value'],
    ['autonomous-system', { number: undefined }, '/number', 'required'],
    ['autonomous-system', { number: 'AS1' }, '/number', 'type'],
    ['directory', { path: undefined }, '/path', 'required'],
    ['directory', { contains_refs: [ref('ipv4-addr')] }, '/contains_refs/0', 'reference'],
    ['domain-name', { value: 'bad domain.com' }, '/value', 'format'],
    ['domain-name', { resolves_to_refs: [ref('url')] }, '/resolves_to_refs/0', 'reference'],
    ['email-addr', { value: 'not-an-address' }, '/value', 'format'],
    ['email-message', { is_multipart: undefined }, '/is_multipart', 'required'],
    ['email-message', { body: 'x' }, '/body', 'value'],
    ['email-message', { is_multipart: false }, '/body_multipart', 'value'],
    [
      'email-message',
      { body_multipart: [{ content_type: 'text/plain' }] },
      '/body_multipart/0',
      'required',
    ],
    ['email-message', { from_ref: ref('user-account') }, '/from_ref', 'reference'],
    [
      'email-message',
      { additional_header_fields: { X: 5 } },
      '/additional_header_fields/X',
      'type',
    ],
    [
      'email-message',
      { additional_header_fields: { X: [] } },
      '/additional_header_fields/X',
      'value',
    ],
    ['file', { name: undefined, hashes: undefined }, '', 'required'],
    ['file', { hashes: { MD5: 'abc' } }, '/hashes/MD5', 'format'],
    ['file', { hashes: { 'SHA-1': MD5 } }, '/hashes/SHA-1', 'format'],
    ['file', { hashes: { 'SHA-256': MD5 } }, '/hashes/SHA-256', 'format'],
    ['file', { hashes: { 'SHA-512': SHA256 } }, '/hashes/SHA-512', 'format'],
    ['file', { hashes: { ab: 'x' } }, '/hashes/ab', 'format'],
    ['file', { hashes: { MD5: 5 } }, '/hashes/MD5', 'type'],
    ['file', { hashes: {} }, '/hashes', 'value'],
    ['file', { size: -1 }, '/size', 'value'],
    ['file', { magic_number_hex: 'xyz' }, '/magic_number_hex', 'format'],
    [
      'file',
      { extensions: { 'archive-ext': { comment: 'x' } } },
      '/extensions/archive-ext/contains_refs',
      'required',
    ],
    [
      'file',
      { extensions: { 'windows-pebinary-ext': { imphash: 'x' } } },
      '/extensions/windows-pebinary-ext/pe_type',
      'required',
    ],
    ['file', { extensions: { 'ntfs-ext': {} } }, '/extensions/ntfs-ext', 'required'],
    [
      'file',
      { extensions: { 'pdf-ext': { is_optimized: 'yes' } } },
      '/extensions/pdf-ext/is_optimized',
      'type',
    ],
    ['ipv4-addr', { value: '256.1.1.1' }, '/value', 'format'],
    ['ipv4-addr', { value: '10.0.0.0/33' }, '/value', 'format'],
    ['ipv4-addr', { value: '2001:db8::1' }, '/value', 'format'],
    ['ipv4-addr', { resolves_to_refs: [ref('ipv4-addr')] }, '/resolves_to_refs/0', 'reference'],
    ['ipv6-addr', { value: '2001:db8:::1' }, '/value', 'format'],
    ['ipv6-addr', { value: '2001:db8::/129' }, '/value', 'format'],
    ['ipv6-addr', { value: '1.2.3.4' }, '/value', 'format'],
    ['mac-addr', { value: 'D2:FB:49:24:37:18' }, '/value', 'format'],
    ['mac-addr', { value: 'd2-fb-49-24-37-18' }, '/value', 'format'],
    ['mutex', { name: undefined }, '/name', 'required'],
    ['network-traffic', { protocols: undefined }, '/protocols', 'required'],
    ['network-traffic', { src_ref: undefined, dst_ref: undefined }, '', 'required'],
    ['network-traffic', { src_port: 65536 }, '/src_port', 'value'],
    ['network-traffic', { is_active: true }, '/end', 'value'],
    ['network-traffic', { end: '2015-01-01T00:00:00Z' }, '/end', 'timestamp'],
    ['network-traffic', { src_ref: ref('url') }, '/src_ref', 'reference'],
    [
      'network-traffic',
      { extensions: { 'icmp-ext': { icmp_type_hex: '08' } } },
      '/extensions/icmp-ext/icmp_code_hex',
      'required',
    ],
    [
      'network-traffic',
      { extensions: { 'socket-ext': { address_family: 'AF_X' } } },
      '/extensions/socket-ext/address_family',
      'value',
    ],
    ['network-traffic', { extensions: { 'tcp-ext': {} } }, '/extensions/tcp-ext', 'required'],
    ['process', { pid: 'one' }, '/pid', 'type'],
    ['process', { parent_ref: ref('file') }, '/parent_ref', 'reference'],
    [
      'process',
      { extensions: { 'windows-service-ext': { start_type: 'AUTO' } } },
      '/extensions/windows-service-ext/start_type',
      'value',
    ],
    ['software', { name: undefined }, '/name', 'required'],
    ['url', { value: 'not a url' }, '/value', 'format'],
    ['user-account', { is_privileged: 'no' }, '/is_privileged', 'type'],
    ['user-account', { account_created: 'yesterday' }, '/account_created', 'timestamp'],
    [
      'windows-registry-key',
      { values: [{ name: 'x', data_type: 'REG_FOO' }] },
      '/values/0/data_type',
      'value',
    ],
    [
      'x509-certificate',
      { subject_public_key_exponent: '65537' },
      '/subject_public_key_exponent',
      'type',
    ],
    ['ipv4-addr', { defanged: 'yes' }, '/defanged', 'type'],
    [
      'ipv4-addr',
      { object_marking_refs: [ref('identity')] },
      '/object_marking_refs/0',
      'reference',
    ],
    ['ipv4-addr', { spec_version: '2.0' }, '/spec_version', 'value'],
    ['ipv4-addr', { id: ref('ipv6-addr') }, '/id', 'id'],
  ])('%s %j → %s %s', (type, change, path, code) => {
    const obj = { ...sco(type, VALID[type] ?? {}), ...change };
    for (const key of Object.keys(change)) if (change[key] === undefined) delete obj[key];
    expect(codes(obj)).toContainEqual([path, code]);
  });

  it.each(['process', 'user-account', 'windows-registry-key', 'x509-certificate'])(
    '%s needs at least one object-specific property',
    (type) => {
      expect(codes(sco(type, {}))).toEqual([['', 'required']]);
    },
  );
});
