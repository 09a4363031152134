/**
 * The pattern examples of STIX 2.1 section 9.9 ("Examples"), each evaluated against an
 * observation built to match it and against one that differs in a single property.
 */
import { describe, expect, it } from 'vitest';
import { parsePattern } from './parser.js';
import { matchPattern, observationOf, type ObservableObject } from './match.js';

const SHA256 = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f';
const PCAP_MAGIC = Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00, 0x00, 0x00]);

interface Example {
  readonly pattern: string;
  readonly matching: readonly ObservableObject[];
  /** The same observation with one property changed so that it must not match. */
  readonly differing: readonly ObservableObject[];
}

const attachment = (name: string): ObservableObject[] => [
  { type: 'email-addr', id: 'email-addr--1', value: 'boss@example.com' },
  { type: 'file', id: 'file--1', name },
  {
    type: 'email-message',
    id: 'email-message--1',
    is_multipart: true,
    from_ref: 'email-addr--1',
    body_multipart: [{ body: 'hello' }, { body_raw_ref: 'file--1' }],
  },
];

const account = (id: string, login: string): ObservableObject => ({
  type: 'user-account',
  id: `user-account--${id}`,
  account_type: 'unix',
  user_id: '1007',
  account_login: login,
});

const EXAMPLES: readonly Example[] = [
  {
    pattern: `[file:hashes.'SHA-256' = '${SHA256}']`,
    matching: [{ type: 'file', id: 'file--1', hashes: { 'SHA-256': SHA256 } }],
    differing: [{ type: 'file', id: 'file--1', hashes: { MD5: SHA256.slice(0, 32) } }],
  },
  {
    pattern: String.raw`[email-message:from_ref.value MATCHES '.+\\@example\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\.exe$']`,
    matching: attachment('Final Report 2016.exe'),
    differing: attachment('Final Report 2016.pdf'),
  },
  {
    pattern: `[file:hashes.'SHA-256' = '${SHA256}' OR file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f']`,
    matching: [
      { type: 'file', id: 'file--1', hashes: { MD5: 'cead3f77f6cda6ec00f57d76c9a6879f' } },
    ],
    differing: [
      { type: 'file', id: 'file--1', hashes: { MD5: 'cead3f77f6cda6ec00f57d76c9a6879e' } },
    ],
  },
  {
    pattern: "[ipv4-addr:value ISSUBSET '198.51.100.0/24']",
    matching: [{ type: 'ipv4-addr', id: 'ipv4-addr--1', value: '198.51.100.77' }],
    differing: [{ type: 'ipv4-addr', id: 'ipv4-addr--1', value: '198.51.101.77' }],
  },
  {
    pattern:
      "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '203.0.113.33/32']",
    matching: [
      { type: 'ipv4-addr', id: 'ipv4-addr--1', value: '203.0.113.33' },
      { type: 'network-traffic', id: 'network-traffic--1', dst_ref: 'ipv4-addr--1' },
    ],
    differing: [
      { type: 'ipv6-addr', id: 'ipv6-addr--1', value: '::ffff:203.0.113.33' },
      { type: 'network-traffic', id: 'network-traffic--1', dst_ref: 'ipv6-addr--1' },
    ],
  },
  {
    pattern:
      "[x509-certificate:issuer = 'CN=WEBMAIL' AND x509-certificate:serial_number = '4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28']",
    matching: [
      {
        type: 'x509-certificate',
        id: 'x509-certificate--1',
        issuer: 'CN=WEBMAIL',
        serial_number: '4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28',
      },
    ],
    differing: [
      {
        type: 'x509-certificate',
        id: 'x509-certificate--1',
        issuer: 'CN=OTHER',
        serial_number: '4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28',
      },
    ],
  },
  {
    pattern: String.raw`[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Services\\WSALG2']`,
    matching: [
      {
        type: 'windows-registry-key',
        id: 'windows-registry-key--1',
        key: String.raw`HKEY_LOCAL_MACHINE\System\CurrentControlSet\Services\WSALG2`,
      },
    ],
    differing: [
      {
        type: 'windows-registry-key',
        id: 'windows-registry-key--1',
        key: String.raw`HKEY_LOCAL_MACHINE\System\CurrentControlSet\Services\WSALG3`,
      },
    ],
  },
  {
    pattern: "[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]",
    matching: [pe([5.2, 7.4])],
    differing: [pe([5.2, 6.9])],
  },
  {
    pattern:
      "[user-account:account_type = 'unix' AND user-account:user_id = '1007' AND user-account:account_login = 'Peter'] AND [user-account:account_type = 'unix' AND user-account:user_id = '1007' AND user-account:account_login = 'Paul']",
    matching: [account('1', 'Peter'), account('2', 'Paul')],
    differing: [account('1', 'Peter'), account('2', 'Mary')],
  },
  {
    pattern: String.raw`[artifact:mime_type = 'application/vnd.tcpdump.pcap' AND artifact:payload_bin MATCHES '\\xd4\\xc3\\xb2\\xa1\\x02\\x00\\x04\\x00']`,
    matching: [pcap(PCAP_MAGIC)],
    differing: [pcap(Buffer.from([0xa1, 0xb2, 0xc3, 0xd4, 0x00, 0x02, 0x00, 0x04]))],
  },
  {
    pattern:
      "[file:name = 'pdf.exe' AND file:size = 371712 AND file:ctime = t'2014-01-13T07:03:17Z']",
    matching: [
      { type: 'file', id: 'file--1', name: 'pdf.exe', size: 371712, ctime: '2014-01-13T07:03:17Z' },
    ],
    differing: [
      { type: 'file', id: 'file--1', name: 'pdf.exe', size: 371713, ctime: '2014-01-13T07:03:17Z' },
    ],
  },
  {
    pattern:
      "[email-message:sender_ref.value = 'jdoe@example.com' AND email-message:subject = 'Conference Info']",
    matching: mail('jdoe@example.com', 'Conference Info'),
    differing: mail('jdoe@example.com', 'Conference info'),
  },
  {
    pattern: "[x-usb-device:usbdrive.serial_number = '575833314133343231313937']",
    matching: [{ type: 'x-usb-device', usbdrive: { serial_number: '575833314133343231313937' } }],
    differing: [{ type: 'x-usb-device', usbdrive: { serial: '575833314133343231313937' } }],
  },
  {
    pattern:
      "[process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachine Root$'] FOLLOWEDBY [process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachineTrustedPublisher$'] WITHIN 300 SECONDS",
    matching: [
      processObject('1', 'C:\\>-add GlobalSign.cer -c -s -r localMachine Root'),
      processObject('2', 'C:\\>-add GlobalSign.cer -c -s -r localMachineTrustedPublisher'),
    ],
    differing: [
      processObject('1', 'C:\\>-add GlobalSign.cer -c -s -r localMachine Root'),
      processObject('2', 'C:\\>-add GlobalSign.cer -c -s -r localMachine Root'),
    ],
  },
  {
    pattern: "[ipv4-addr:value = '203.0.113.1' OR ipv4-addr:value = '203.0.113.2']",
    matching: [{ type: 'ipv4-addr', id: 'ipv4-addr--1', value: '203.0.113.2' }],
    differing: [{ type: 'ipv4-addr', id: 'ipv4-addr--1', value: '203.0.113.3' }],
  },
];

describe('STIX 2.1 section 9.9 pattern examples', () => {
  it.each(EXAMPLES)('$pattern', ({ pattern, matching, differing }) => {
    const ast = parsePattern(pattern);
    expect(matchPattern(ast, observationOf(matching))).toBe(true);
    expect(matchPattern(ast, observationOf(differing))).toBe(false);
  });
});

function pe(entropies: number[]): ObservableObject {
  return {
    type: 'file',
    id: 'file--1',
    extensions: {
      'windows-pebinary-ext': {
        pe_type: 'exe',
        sections: entropies.map((entropy) => ({ entropy })),
      },
    },
  };
}

function pcap(bytes: Buffer): ObservableObject {
  return {
    type: 'artifact',
    id: 'artifact--1',
    mime_type: 'application/vnd.tcpdump.pcap',
    payload_bin: bytes.toString('base64'),
  };
}

function mail(sender: string, subject: string): ObservableObject[] {
  return [
    { type: 'email-addr', id: 'email-addr--1', value: sender },
    {
      type: 'email-message',
      id: 'email-message--1',
      is_multipart: false,
      sender_ref: 'email-addr--1',
      subject,
    },
  ];
}

function processObject(id: string, commandLine: string): ObservableObject {
  return { type: 'process', id: `process--${id}`, command_line: commandLine };
}
