import type { Actor } from '../platform/actor.js';
import type { Reader } from '../policy/read-policy.js';
import type { BreakGlassService, BreakGlassWindow } from './break-glass.service.js';
import type { SharingGroupService } from './sharing-group.service.js';

/** A reader as the policy sees it, with the break-glass window that widens it (if any). */
export interface ReaderContext {
  readonly reader: Reader;
  readonly breakGlass: BreakGlassWindow | null;
}

/** Builds the policy's {@link Reader} of an actor: loaded once per request from storage. */
export interface ReaderResolver {
  readerOf(actor: Actor): Promise<ReaderContext>;
}

export function createReaderResolver(deps: {
  readonly sharingGroups: Pick<SharingGroupService, 'groupsOf'>;
  readonly breakGlass: Pick<BreakGlassService, 'active'>;
}): ReaderResolver {
  return {
    async readerOf(actor) {
      const [sharingGroupIds, window] = await Promise.all([
        deps.sharingGroups.groupsOf(actor.organizationId),
        deps.breakGlass.active(actor),
      ]);
      return {
        reader: {
          organizationId: actor.organizationId,
          userId: actor.kind === 'user' ? actor.userId : null,
          sharingGroupIds,
          breakGlass: window !== null,
        },
        breakGlass: window,
      };
    },
  };
}
