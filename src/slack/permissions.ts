import type { Logger } from '../core/ports.js';

// Who may change a channel's topics and settings. `members` (the default) is what Slack's own feed
// app does: anyone in the channel. `admins` limits it to workspace admins and owners, read from
// users.info and cached, since one subscribe should not cost an API call every time.

export type ManagerPolicy = 'members' | 'admins';

export interface UserRoles {
  isAdmin: boolean;
  isOwner: boolean;
}

/** Looks a user up with the workspace's own token (users.info). */
export type RoleLookup = (teamId: string, userId: string) => Promise<UserRoles>;

export interface PermissionPolicy {
  readonly mode: ManagerPolicy;
  canManage(teamId: string, userId: string): Promise<boolean>;
  /** The user-facing reason a change was refused, worded for this policy. */
  refusal(): string;
}

export function createPermissionPolicy(options: {
  mode: ManagerPolicy;
  lookup: RoleLookup;
  logger: Logger;
  ttlMs?: number;
  now?: () => number;
}): PermissionPolicy {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { roles: UserRoles; until: number }>();
  return {
    mode: options.mode,
    async canManage(teamId, userId) {
      if (options.mode === 'members') return true;
      const key = `${teamId}:${userId}`;
      const hit = cache.get(key);
      if (hit && hit.until > now()) return hit.roles.isAdmin || hit.roles.isOwner;
      try {
        const roles = await options.lookup(teamId, userId);
        cache.set(key, { roles, until: now() + ttlMs });
        // Bound the cache: a large workspace should not grow it without limit.
        if (cache.size > 10_000) cache.delete(cache.keys().next().value as string);
        return roles.isAdmin || roles.isOwner;
      } catch (error) {
        // Fail closed: when Slack cannot tell us who this is, nobody gets to change settings.
        options.logger.warn('users.info failed; treating the caller as a non-admin (SLACK_MANAGERS=admins needs the users:read scope)', { team: teamId, user: userId, error });
        return false;
      }
    },
    refusal() {
      return options.mode === 'admins'
        ? "Only workspace admins and owners may manage this channel's topics and digest settings in this workspace. Anyone can search: /papers search <query>."
        : "You may not manage this channel's topics and digest settings.";
    },
  };
}
