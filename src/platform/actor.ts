/** The roles a user can hold (foundation issue §5). */
export const ROLES = [
  'reporter',
  'analyst',
  'contact-point',
  'investigator',
  'oversight',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * Who performs an action. Every service function takes the actor as its first parameter; there
 * is no global current user. Background work runs as a named `service` actor with only the
 * rights it needs (`role`), never as an all-powerful user.
 */
export type Actor =
  | {
      readonly kind: 'user';
      readonly userId: string;
      readonly username: string;
      readonly organizationId: string;
      readonly role: Role;
      /** How the actor proved who they are (`password`: HTTP Basic on TAXII). */
      readonly via: 'session' | 'token' | 'password';
    }
  | {
      readonly kind: 'service';
      /** A stable name such as `cli-import` or `first-run`; it appears in the audit chain. */
      readonly name: string;
      readonly organizationId: string;
      readonly role: Role;
    };

/** The label of the actor in the audit chain and logs. */
export function actorLabel(actor: Actor): string {
  return actor.kind === 'user' ? `user:${actor.username}` : `service:${actor.name}`;
}
