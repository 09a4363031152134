import type { Actor, Role } from '../platform/actor.js';
import { DomainError } from '../platform/errors.js';

/** Throws NH_ERR_FORBIDDEN unless the actor holds one of `roles`. */
export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.includes(actor.role)) {
    throw new DomainError(
      'NH_ERR_FORBIDDEN',
      `this needs the role ${roles.join(' or ')}; ${actor.kind === 'user' ? actor.username : actor.name} is ${actor.role}`,
    );
  }
}
