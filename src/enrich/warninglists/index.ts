/**
 * The warninglists nohaven ships (MISP warninglist format), imported as modules so that the
 * bundled CLI carries them. Operators add their own lists with the `warninglistsDir` setting.
 */
import documentationPrefixes from './documentation-prefixes.json' with { type: 'json' };
import popularDomains from './popular-domains.json' with { type: 'json' };
import privateIpv4 from './private-ipv4.json' with { type: 'json' };
import publicDnsResolvers from './public-dns-resolvers.json' with { type: 'json' };
import specialPurposeIpv4 from './special-purpose-ipv4.json' with { type: 'json' };
import specialPurposeIpv6 from './special-purpose-ipv6.json' with { type: 'json' };
import specialUseDomains from './special-use-domains.json' with { type: 'json' };

/** The built-in list files, keyed by file name (without `.json`), still to be validated. */
export const BUILTIN_WARNINGLIST_FILES: Readonly<Record<string, unknown>> = {
  'private-ipv4': privateIpv4,
  'special-purpose-ipv4': specialPurposeIpv4,
  'special-purpose-ipv6': specialPurposeIpv6,
  'documentation-prefixes': documentationPrefixes,
  'special-use-domains': specialUseDomains,
  'public-dns-resolvers': publicDnsResolvers,
  'popular-domains': popularDomains,
};
