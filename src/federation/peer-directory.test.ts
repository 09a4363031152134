import { describe, expect, it } from 'vitest';
import type { HostedOrganization } from './federation.types.js';
import { createDirectoryRefresh } from './peer-directory.js';

describe('directory refresh (issue 7, item 5)', () => {
  function setup() {
    let orgs: HostedOrganization[] = [{ id: 'identity--a', name: 'OFAC', country: 'FR' }];
    let hellos = 0;
    const refresh = createDirectoryRefresh({
      hostedOrganizations: async () => orgs,
      helloActive: async () => {
        hellos++;
      },
      intervalMs: 0,
      fullEvery: 4,
    });
    return {
      refresh,
      hellos: () => hellos,
      set: (next: HostedOrganization[]) => {
        orgs = next;
      },
    };
  }

  it('says hello when an organisation is created, renamed or removed, and every fullEvery rounds', async () => {
    const { refresh, hellos, set } = setup();
    expect(await refresh.tick()).toBe(true); // nothing announced yet
    expect(await refresh.tick()).toBe(false);
    set([
      { id: 'identity--b', name: 'BKA', country: 'DE' },
      { id: 'identity--a', name: 'OFAC', country: 'FR' },
    ]);
    expect(await refresh.tick()).toBe(true);
    // Round 4: a full round, though nothing changed.
    expect(await refresh.tick()).toBe(true);
    set([
      { id: 'identity--a', name: 'OFAC', country: 'FR' },
      { id: 'identity--b', name: 'BKA', country: 'DE' },
    ]);
    expect(await refresh.tick()).toBe(false); // same organisations, another order
    set([{ id: 'identity--a', name: 'OFAC Cyber', country: 'FR' }]);
    expect(await refresh.tick()).toBe(true);
    expect(hellos()).toBe(4);
  });

  it('starts no timer when the interval is 0', async () => {
    const { refresh, hellos } = setup();
    refresh.start(() => undefined);
    await refresh.stop();
    expect(hellos()).toBe(0);
  });
});
