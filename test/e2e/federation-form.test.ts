import { describe, expect, it } from 'vitest';
import {
  fieldErrors,
  readDescriptor,
  toggled,
  typedFingerprint,
} from '../../web/src/federation/peer-form.js';
import { DEFAULT_PEER_POLICY, PEER_CONTENTS } from '../../web/src/federation/peer.types.js';

/* The pure helpers of the federation page's "add a peer" form (issue 6 item 7). */

const descriptor = {
  nodeId: 'node--5b0a3c4e-2f1d-4c6b-9a8e-7d6c5b4a3f2e',
  name: 'CERT-FR',
  organization: { id: 'identity--1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d', name: 'ANSSI' },
  sector: 'cert',
  country: 'FR',
  baseUrl: 'https://nohaven.cert.example.fr',
  publicKey: 'x'.repeat(43),
  fingerprint: 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU',
  keyHistory: [],
  signature: 's'.repeat(86),
};

describe('readDescriptor', () => {
  it('keeps the value as read and shows its facts', () => {
    const reading = readDescriptor(`  ${JSON.stringify(descriptor)}\n`);
    expect(reading).toEqual({
      ok: true,
      descriptor,
      facts: {
        nodeId: descriptor.nodeId,
        name: 'CERT-FR',
        organization: descriptor.organization,
        country: 'FR',
        sector: 'cert',
        baseUrl: descriptor.baseUrl,
        fingerprint: descriptor.fingerprint,
      },
    });
  });

  it.each([
    ['', 'empty'],
    ['   \n', 'empty'],
    ['{"nodeId": ', 'json'],
    ['[1, 2]', 'shape'],
    ['null', 'shape'],
    [JSON.stringify({ ...descriptor, fingerprint: undefined }), 'shape'],
    [JSON.stringify({ ...descriptor, organization: { id: 'identity--x' } }), 'shape'],
    [JSON.stringify({ ...descriptor, name: '  ' }), 'shape'],
  ])('%j is refused as %s', (text, problem) => {
    expect(readDescriptor(text)).toEqual({ ok: false, problem });
  });
});

describe('typedFingerprint', () => {
  it('drops the spaces and line breaks of a fingerprint typed as it was read out', () => {
    expect(typedFingerprint(' SHA256:47DE Qpj8 HBSa+/TI\nmW+5 ')).toBe(
      'SHA256:47DEQpj8HBSa+/TImW+5',
    );
  });
  it('changes nothing else: the node compares exactly', () => {
    expect(typedFingerprint('sha256:abc')).toBe('sha256:abc');
  });
});

describe('fieldErrors', () => {
  it('puts each detail next to the field its path names', () => {
    const sorted = fieldErrors([
      { path: 'body/fingerprint', message: 'must be at most 100 characters' },
      { path: '/fingerprint', message: 'does not match the descriptor’s key' },
      { path: '/descriptor/signature', message: 'is not the node key’s signature' },
      { path: 'body/descriptorUrl', message: 'could not be fetched' },
      { path: '/policy/maxTlp', message: 'amber+strict is never a ceiling' },
      { path: '/nodeId', message: 'is not a requested peer' },
      { path: '', message: 'the peer is already active' },
      { path: '/somethingElse', message: 'unknown' },
    ]);
    expect(sorted.byField).toEqual({
      fingerprint: ['must be at most 100 characters', 'does not match the descriptor’s key'],
      source: [
        'signature: is not the node key’s signature',
        'could not be fetched',
        'is not a requested peer',
      ],
      policy: ['maxTlp: amber+strict is never a ceiling'],
    });
    expect(sorted.other).toEqual([
      { path: '', message: 'the peer is already active' },
      { path: '/somethingElse', message: 'unknown' },
    ]);
  });
});

describe('toggled', () => {
  it('adds and removes a kind of content, keeping the canonical order', () => {
    const none = { ...DEFAULT_PEER_POLICY, content: [] };
    const legal = toggled(none, 'content', 'legal', true, PEER_CONTENTS);
    const both = toggled(legal, 'content', 'objects', true, PEER_CONTENTS);
    expect(both.content).toEqual(['objects', 'legal']);
    expect(toggled(both, 'content', 'objects', true, PEER_CONTENTS).content).toEqual([
      'objects',
      'legal',
    ]);
    expect(toggled(both, 'content', 'legal', false, PEER_CONTENTS).content).toEqual(['objects']);
    expect(both.maxTlp).toBe(DEFAULT_PEER_POLICY.maxTlp);
  });
});
