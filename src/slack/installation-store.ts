import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { eq, or } from 'drizzle-orm';
import type { Db } from '../core/db/client.js';
import { slackInstallations } from '../core/db/schema.js';

// Bolt's OAuth installation store on the slack_installations table: one row per workspace (or per
// Enterprise Grid org for org-wide installs). Drizzle's query builder keeps it portable between
// PGlite and postgres.js.

export interface SlackInstallationStore extends InstallationStore {
  deleteInstallation(query: InstallationQuery<boolean>): Promise<void>;
  /** The bot token a workspace installed us with, or null when it is not (or no longer) installed. */
  botTokenFor(teamId: string): Promise<string | null>;
}

export function createInstallationStore(db: Db): SlackInstallationStore {
  return {
    async storeInstallation(installation: Installation<'v1' | 'v2', boolean>) {
      const id = installationId(installation);
      const row = {
        teamId: installation.team?.id ?? null,
        enterpriseId: installation.enterprise?.id ?? null,
        isEnterpriseInstall: installation.isEnterpriseInstall === true,
        botToken: installation.bot?.token ?? null,
        botUserId: installation.bot?.userId ?? null,
        installation: installation as unknown as Record<string, unknown>,
        updatedAt: new Date(),
      };
      await db
        .insert(slackInstallations)
        .values({ id, ...row })
        .onConflictDoUpdate({ target: slackInstallations.id, set: row });
    },

    async fetchInstallation(query: InstallationQuery<boolean>) {
      const row = await find(db, query);
      if (!row) throw new Error(`no Slack installation for ${describe(query)}`);
      return row.installation as unknown as Installation<'v1' | 'v2', boolean>;
    },

    async deleteInstallation(query: InstallationQuery<boolean>) {
      const id = query.isEnterpriseInstall ? query.enterpriseId : query.teamId;
      if (id === undefined) return;
      await db.delete(slackInstallations).where(eq(slackInstallations.id, id));
    },

    async botTokenFor(teamId: string) {
      const rows = await db
        .select({ botToken: slackInstallations.botToken })
        .from(slackInstallations)
        .where(or(eq(slackInstallations.id, teamId), eq(slackInstallations.teamId, teamId)))
        .limit(1);
      return rows[0]?.botToken ?? null;
    },
  };
}

function installationId(installation: Installation<'v1' | 'v2', boolean>): string {
  const id = installation.isEnterpriseInstall ? installation.enterprise?.id : installation.team?.id;
  if (!id) throw new Error('a Slack installation without a team or enterprise id cannot be stored');
  return id;
}

async function find(db: Db, query: InstallationQuery<boolean>) {
  // Org-wide installs are keyed by the enterprise; a workspace of that org falls back to it.
  const ids = [query.isEnterpriseInstall ? query.enterpriseId : query.teamId, query.enterpriseId].filter(
    (v): v is string => typeof v === 'string' && v !== '',
  );
  for (const id of ids) {
    const rows = await db.select().from(slackInstallations).where(eq(slackInstallations.id, id)).limit(1);
    if (rows[0]) return rows[0];
  }
  return null;
}

function describe(query: InstallationQuery<boolean>): string {
  return query.isEnterpriseInstall ? `enterprise ${query.enterpriseId}` : `team ${query.teamId}`;
}
