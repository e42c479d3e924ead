import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { sha256Hex } from '../../common/crypto/secret-hasher';
import type { EnterpriseRoleEntity } from '../entities/enterprise-role.entity';
import type { PropertyDefinitionEntity } from '../entities/property-definition.entity';
import type { RoleEntity } from '../entities/role.entity';
import type { UnitEntity } from '../entities/unit.entity';

/** How much of a tenant's data still refers to a catalogue entry. */
export interface CatalogueUsage {
  readonly users: number;
  readonly profiles: number;
}

export const isUsed = (usage: CatalogueUsage): boolean => usage.users > 0 || usage.profiles > 0;

/** "3 profiles of 2 users", for the 409 that refuses to delete or retype a catalogue entry still in use. */
export function usageText(usage: CatalogueUsage): string {
  const n = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
  return usage.profiles > 0
    ? `${n(usage.profiles, 'profile')} of ${n(usage.users, 'user')}`
    : n(usage.users, 'user');
}

/**
 * The catalogue's port to the user data that refers to it (profiles, authorizations, custom property values):
 * how much still refers to an entry, asked before the entry is deleted (or a property definition retyped) —
 * the foreign keys (NO ACTION) refuse such a delete too, this answers first with numbers a person can act on —
 * and the two writes the catalogue needs there. Every statement is scoped by the tenant's client id; the
 * tables are named here, so the Clients module does not depend on the Users module.
 */
@Injectable()
export class CatalogueReferences {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Profiles placed in `unit`, and the users owning them. */
  unit(clientId: number, unit: UnitEntity): Promise<CatalogueUsage> {
    return this.usage('profiles', 'unit_id', clientId, unit.id, 'COUNT(*)');
  }

  /** Authorizations of kind APPLICATION / IDM naming `role`: their profiles and users. */
  role(clientId: number, role: RoleEntity): Promise<CatalogueUsage> {
    return this.usage('authorizations', 'role_id', clientId, role.id, 'COUNT(DISTINCT profile_id)');
  }

  /** Authorizations of kind ENTERPRISE naming `enterpriseRole`: their profiles and users. */
  enterpriseRole(clientId: number, enterpriseRole: EnterpriseRoleEntity): Promise<CatalogueUsage> {
    return this.usage(
      'authorizations',
      'enterprise_role_id',
      clientId,
      enterpriseRole.id,
      'COUNT(DISTINCT profile_id)',
    );
  }

  /**
   * Values of `definition`: the users holding one (scopes user and credential) and the profiles (scope
   * profile, whose values name their profile's extId).
   */
  propertyDefinition(clientId: number, definition: PropertyDefinitionEntity): Promise<CatalogueUsage> {
    const profiles = definition.scope === 'profile' ? 'COUNT(DISTINCT user_id, owner_ext_id)' : '0';
    return this.usage('property_values', 'definition_id', clientId, definition.id, profiles);
  }

  /**
   * Before a client is deleted: the user data that refers to its catalogue goes first. The catalogue's own
   * references refuse deletion (NO ACTION), and the engine's cascade order from the client row is not defined.
   */
  async clearUserReferences(m: EntityManager, clientId: number): Promise<void> {
    for (const table of ['property_values', 'authorizations', 'profiles']) {
      await m.query(`DELETE FROM ${table} WHERE client_id = ?`, [clientId]);
    }
  }

  /**
   * A property definition's `unique` flag changed: turning it on gives every stored value its unique key (the
   * SHA-256 of the value; the database refuses duplicates, which the caller turns into 409); turning it off
   * clears them.
   */
  async setUniqueKeys(
    m: EntityManager,
    clientId: number,
    definitionId: number,
    unique: boolean,
  ): Promise<void> {
    const scope = 'client_id = ? AND definition_id = ?';
    if (!unique) {
      await m.query(`UPDATE property_values SET unique_key = NULL WHERE ${scope}`, [clientId, definitionId]);
      return;
    }
    const rows = await m.query<{ id: number; value: string }[]>(
      `SELECT id, value FROM property_values WHERE ${scope}`,
      [clientId, definitionId],
    );
    for (const row of rows) {
      await m.query(`UPDATE property_values SET unique_key = ? WHERE id = ? AND ${scope}`, [
        sha256Hex(row.value),
        row.id,
        clientId,
        definitionId,
      ]);
    }
  }

  private async usage(
    table: string,
    column: string,
    clientId: number,
    id: number,
    profiles: string,
  ): Promise<CatalogueUsage> {
    // SQLite's COUNT(DISTINCT …) takes one expression: the pair becomes one text.
    const pair =
      this.db.options.type === 'better-sqlite3' ? "COUNT(DISTINCT user_id || ':' || owner_ext_id)" : profiles;
    const [row] = await this.db.query<{ users: number | string; profiles: number | string }[]>(
      `SELECT COUNT(DISTINCT user_id) AS users, ${profiles.includes(',') ? pair : profiles} AS profiles ` +
        `FROM ${table} WHERE client_id = ? AND ${column} = ?`,
      [clientId, id],
    );
    return { users: Number(row.users), profiles: Number(row.profiles) };
  }
}
