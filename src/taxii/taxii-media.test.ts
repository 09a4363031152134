import { describe, expect, it } from 'vitest';
import { acceptsTaxii, isTaxiiContentType } from './taxii-media.js';

describe('TAXII media type negotiation', () => {
  it.each([
    [undefined, true],
    ['application/taxii+json;version=2.1', true],
    ['application/taxii+json; version="2.1"', true],
    ['application/taxii+json', true],
    ['APPLICATION/TAXII+JSON;VERSION=2.1', true],
    ['text/html, application/taxii+json;version=2.1;q=0.5', true],
    ['*/*', true],
    ['application/*', true],
    ['application/taxii+json;version=2.0', false],
    ['application/json', false],
    ['application/stix+json;version=2.1', false],
    ['application/taxii+json;version=2.1;q=0', false],
    ['not a media type', false],
  ])('Accept %s → %s', (accept, ok) => {
    expect(acceptsTaxii(accept)).toBe(ok);
  });

  it.each([
    [undefined, false],
    ['application/taxii+json;version=2.1', true],
    ['application/taxii+json', true],
    ['application/taxii+json; charset=utf-8; version=2.1', true],
    ['application/taxii+json;version=2.0', false],
    ['application/json', false],
    ['', false],
  ])('Content-Type %s → %s', (type, ok) => {
    expect(isTaxiiContentType(type)).toBe(ok);
  });
});
