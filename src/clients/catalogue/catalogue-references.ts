import { Injectable } from '@nestjs/common';
import type { EnterpriseRoleEntity } from '../entities/enterprise-role.entity';
import type { PropertyDefinitionEntity } from '../entities/property-definition.entity';
import type { RoleEntity } from '../entities/role.entity';
import type { UnitEntity } from '../entities/unit.entity';

/** How much of a tenant's data still refers to a catalogue entry. */
export interface CatalogueUsage {
  readonly users: number;
  readonly profiles: number;
}

export const NO_USAGE: CatalogueUsage = { users: 0, profiles: 0 };

export const isUsed = (usage: CatalogueUsage): boolean => usage.users > 0 || usage.profiles > 0;

/** "3 profiles of 2 users", for the 409 that refuses to delete or retype a catalogue entry still in use. */
export function usageText(usage: CatalogueUsage): string {
  const n = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
  return `${n(usage.profiles, 'profile')} of ${n(usage.users, 'user')}`;
}

/**
 * The hook through which the catalogue asks whether user data still refers to an entry before the entry is
 * deleted (or a property definition retyped). Nothing refers to the catalogue yet, so every method answers
 * "unused"; each names the table that will make it real. Every method takes the tenant first and must count
 * only that tenant's rows.
 */
@Injectable()
export class CatalogueReferences {
  /** Hook for profiles (issue 3, item 4): profiles placed in `unit`, and the users owning them. */
  unit(_clientId: number, _unit: UnitEntity): Promise<CatalogueUsage> {
    return Promise.resolve(NO_USAGE);
  }

  /** Hook for authorizations of kind APPLICATION / IDM naming `role`: their profiles and users. */
  role(_clientId: number, _role: RoleEntity): Promise<CatalogueUsage> {
    return Promise.resolve(NO_USAGE);
  }

  /** Hook for authorizations of kind ENTERPRISE naming `enterpriseRole`: their profiles and users. */
  enterpriseRole(_clientId: number, _enterpriseRole: EnterpriseRoleEntity): Promise<CatalogueUsage> {
    return Promise.resolve(NO_USAGE);
  }

  /**
   * Hook for custom property values (issue 3, item 6): the users (scopes user and credential) and profiles
   * (scope profile) holding a value of `definition`.
   */
  propertyDefinition(_clientId: number, _definition: PropertyDefinitionEntity): Promise<CatalogueUsage> {
    return Promise.resolve(NO_USAGE);
  }
}
