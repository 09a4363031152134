import { describe, expect, it } from 'vitest';
import { parsePattern } from './parser.js';
import { PatternSyntaxError, tokenize } from './lexer.js';
import { validatePattern } from './validate.js';

const VALID = [
  "[ipv4-addr:value = '198.51.100.1/32']",
  "[ipv4-addr:value = '203.0.113.1' OR ipv4-addr:value = '203.0.113.2']",
  "[domain-name:value = 'example.com'] AND [ipv4-addr:value = '198.51.100.3']",
  "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
  "[file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f']",
  "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$']",
  "[file:name = 'foo.dll'] FOLLOWEDBY [process:name = 'bar.exe']",
  "([ipv4-addr:value = '198.51.100.5'] AND [domain-name:value = 'x.example']) WITHIN 300 SECONDS",
  '[file:size > 1024]',
  '[file:size >= 0 AND file:size <= 1048576]',
  '[network-traffic:dst_port < 1024]',
  '[network-traffic:dst_port IN (80, 443, 8080)]',
  "[network-traffic:protocols[*] = 'tcp']",
  "[network-traffic:protocols[0] = 'ipv4']",
  "[x509-certificate:issuer NOT = 'CN=Example']",
  "[file:name NOT LIKE 'legit%']",
  "[user-account:account_login LIKE 'adm_n%']",
  "[ipv4-addr:value ISSUBSET '198.51.100.0/24']",
  "[ipv4-addr:value ISSUPERSET '198.51.100.7']",
  '[EXISTS windows-registry-key:values]',
  "[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\System\\\\Foo']",
  "[file:created > t'2016-01-01T00:00:00Z']",
  "[artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']",
  "[file:magic_number_hex = h'ffd8']",
  '[process:is_hidden = true]',
  '[process:is_hidden != false]',
  "[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]",
  "[x-custom-type:x_field.'odd key with spaces' = 'it\\'s']",
  "[file:name = 'a'] REPEATS 5 TIMES",
  "[file:name = 'a'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
  "[file:name = 'a'] WITHIN 2.5 SECONDS",
  "[file:name = 'a'] REPEATS 2 TIMES WITHIN 10 SECONDS",
  "[file:name = 'a'] OR [file:name = 'b'] AND [file:name = 'c'] FOLLOWEDBY [file:name = 'd']",
  "[(file:name = 'a' OR file:name = 'b') AND file:size = 3]",
  '[network-traffic:src_port = -1]',
  '[file:size = +12]',
  '[software:version = 1.5]',
  '[network-traffic:dst_port IN ()]',
  "[file:name == 'a' AND file:name <> 'b']",
  "[file:name='a']FOLLOWEDBY[file:name='b']",
  "[domain-name:value = '']",
  "[file:parent_directory_ref.path = 'C:\\\\Windows']",
  "[file:name = 'a'] and [file:name = 'b'] followedby [file:size > 1] within 5 seconds",
  "[file:name = 'a' or file:name not like 'b%' and file:is_hidden = TRUE]",
  '[NOT EXISTS file:name] /* a comment */ OR [file:size = 1] // trailing comment',
];

const INVALID: [string, RegExp][] = [
  ['', /expected '\[' or '\('/],
  ['[]', /object type/],
  ["ipv4-addr:value = '1.2.3.4'", /expected '\[' or '\('/],
  ["[ipv4-addr:value = '1.2.3.4'", /expected '\]'/],
  ["[ipv4-addr:value = '1.2.3.4']]", /expected AND, OR/],
  ["[ipv4-addr:value = '1.2.3.4]", /unterminated string/],
  ["[ipv4-addr:value '1.2.3.4']", /comparison operator/],
  ['[ipv4-addr:value == ]', /constant/],
  ["[ipv4-addr value = '1.2.3.4']", /':'/],
  ["[ipv4-addr:value = '1.2.3.4'] AND", /expected '\[' or '\('/],
  ["[file:name = 'a' AND]", /object type/],
  ["[file:name = 'a'] ANDD [file:name = 'b']", /expected AND, OR/],
  ["[file:name = 'a' XOR file:name = 'b']", /expected '\]'/],
  ["[file:name = 'a'] /* unterminated", /unterminated comment/],
  ["[file:true = 'a']", /cannot be a property name/],
  ["[file:name = 'a\\n']", /invalid escape/],
  ['[file:size > true]', /cannot compare booleans/],
  ['[file:name LIKE 5]', /LIKE needs a string/],
  ["[file:name MATCHES h'00']", /MATCHES needs a string/],
  ['[file:name ISSUBSET 1]', /ISSUBSET needs a string/],
  ["[file:name IN 'a']", /'\(' after IN/],
  ["[file:name IN ('a' 'b')]", /'\)' closing the IN set/],
  ["[file:created > t'2016-13-01T00:00:00Z']", /invalid timestamp/],
  ["[file:created > t'2016-01-01']", /invalid timestamp/],
  ["[file:magic_number_hex = h'abc']", /invalid hex/],
  ["[file:magic_number_hex = h'zz']", /invalid hex/],
  ["[artifact:payload_bin = b'abc']", /invalid base64/],
  ["[file:name = 'a'] WITHIN SECONDS", /positive number of seconds/],
  ["[file:name = 'a'] WITHIN 0 SECONDS", /positive number of seconds/],
  ["[file:name = 'a'] WITHIN 5", /expected SECONDS/],
  ["[file:name = 'a'] REPEATS 1.5 TIMES", /positive integer/],
  ["[file:name = 'a'] REPEATS 0 TIMES", /positive integer/],
  ["[file:name = 'a'] START t'2016-06-01T00:00:00Z'", /STOP/],
  [
    "[file:name = 'a'] START t'2016-07-01T00:00:00Z' STOP t'2016-06-01T00:00:00Z'",
    /later than START/,
  ],
  [
    "[file:name = 'a'] START '2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
    /timestamp after START/,
  ],
  ["[file:extensions.windows-pebinary-ext.imphash = 'a']", /quote names that contain hyphens/],
  ["[file:hashes.[0] = 'a']", /property name/],
  ["[file:name[x] = 'a']", /list index/],
  ["[File:name = 'a']", /invalid object type/],
  ["[file:AND = 'a']", /AND cannot be a property name/],
  ['[file:size = 007]', /leading zero/],
  ["[file:name = 'a'] FOLLOWEDBY", /expected '\[' or '\('/],
  ["([file:name = 'a']", /expected '\)'/],
  ["[file:name = 'a'] § [file:name = 'b']", /unexpected character/],
  ['[file:name NOT EXISTS]', /comparison operator/],
  ["[EXISTS 'file']", /object type/],
];

describe('parsePattern / validatePattern (spec 9)', () => {
  it('has a representative corpus', () => {
    expect(VALID.length).toBeGreaterThanOrEqual(30);
    expect(INVALID.length).toBeGreaterThanOrEqual(30);
  });

  it.each(VALID)('accepts %s', (pattern) => {
    expect(validatePattern(pattern)).toBeNull();
  });

  it.each(INVALID)('rejects %s', (pattern, reason) => {
    const problem = validatePattern(pattern);
    expect(problem?.code).toBe('pattern');
    expect(problem?.message).toMatch(reason);
  });

  it('builds the AST with operator precedence', () => {
    const ast = parsePattern('[a-b:x = 1] OR [a-b:x = 2] AND [a-b:x = 3] FOLLOWEDBY [a-b:x = 4]');
    expect(ast.kind).toBe('followedby');
    if (ast.kind !== 'followedby') return;
    expect(ast.left.kind).toBe('or');
    if (ast.left.kind !== 'or') return;
    expect(ast.left.right.kind).toBe('and');
  });

  it('builds comparison, path and literal nodes', () => {
    const ast = parsePattern(
      "[file:extensions.'windows-pebinary-ext'.sections[*].entropy NOT > 7.5 AND file:hashes[0] IN ('a', h'FF', true)] REPEATS 3 TIMES",
    );
    expect(ast).toEqual({
      kind: 'qualified',
      qualifier: { kind: 'repeats', times: 3 },
      expression: {
        kind: 'observation',
        comparison: {
          kind: 'and',
          left: {
            kind: 'comparison',
            operator: '>',
            negated: true,
            value: { kind: 'float', value: 7.5 },
            path: {
              objectType: 'file',
              steps: [
                { kind: 'key', name: 'extensions' },
                { kind: 'key', name: 'windows-pebinary-ext' },
                { kind: 'key', name: 'sections' },
                { kind: 'index', index: '*' },
                { kind: 'key', name: 'entropy' },
              ],
            },
          },
          right: {
            kind: 'comparison',
            operator: 'IN',
            negated: false,
            path: {
              objectType: 'file',
              steps: [
                { kind: 'key', name: 'hashes' },
                { kind: 'index', index: 0 },
              ],
            },
            value: [
              { kind: 'string', value: 'a' },
              { kind: 'hex', value: 'ff' },
              { kind: 'boolean', value: true },
            ],
          },
        },
      },
    });
  });

  it('decodes string escapes and keeps START/STOP timestamps', () => {
    const ast = parsePattern(
      "[file:name = 'it\\'s \\\\ here'] START t'2016-06-01T00:00:00Z' STOP t'2016-06-01T00:00:00.001Z'",
    );
    expect(ast.kind === 'qualified' && ast.qualifier).toEqual({
      kind: 'start-stop',
      start: '2016-06-01T00:00:00Z',
      stop: '2016-06-01T00:00:00.001Z',
    });
    expect(
      ast.kind === 'qualified' &&
        ast.expression.kind === 'observation' &&
        ast.expression.comparison,
    ).toMatchObject({
      value: { kind: 'string', value: "it's \\ here" },
    });
  });

  it('treats keywords case-insensitively, as the OASIS grammar does', () => {
    expect(parsePattern('[NOT exists x-a:b] or [x-a:c = True]')).toEqual({
      kind: 'or',
      left: {
        kind: 'observation',
        comparison: {
          kind: 'exists',
          negated: true,
          path: { objectType: 'x-a', steps: [{ kind: 'key', name: 'b' }] },
        },
      },
      right: {
        kind: 'observation',
        comparison: {
          kind: 'comparison',
          operator: '=',
          negated: false,
          path: { objectType: 'x-a', steps: [{ kind: 'key', name: 'c' }] },
          value: { kind: 'boolean', value: true },
        },
      },
    });
  });

  it('reports positions through PatternSyntaxError', () => {
    expect(() => tokenize("[file:name = 'a' § ]")).toThrow(PatternSyntaxError);
    expect(validatePattern("[file:name = 'a' § ]")?.message).toMatch(/offset 17/);
  });

  it('stays total on hostile input', () => {
    expect(validatePattern('('.repeat(20000))?.code).toBe('pattern');
    expect(validatePattern('x'.repeat(200_000))?.message).toMatch(/longer than/);
    expect(validatePattern(42 as unknown as string)?.code).toBe('type');
  });
});
