import type { AuthorizationEntity } from '../entities/authorization.entity';
import type { CredentialEntity } from '../entities/credential.entity';
import type { LoginColumns } from '../entities/login-columns';
import type { ProfileEntity } from '../entities/profile.entity';

/**
 * The rows of the nevisIDM extension's children (credentials, profiles with authorizations, custom property
 * values), as the service prepares them for a write and the repository reads them back.
 */

/** What to do with a credential's secret columns: keep the stored ones, or write these. */
export type SecretWrite =
  | 'keep'
  | {
      hash: string | null;
      data: string | null;
      /** PASSWORD: how many earlier hashes to keep for the client's password history rule. */
      history?: number;
    };

export interface CredentialRow {
  extId: string;
  position: number;
  type: string;
  state: string;
  validFrom: Date | null;
  validTo: Date | null;
  policyExtId: string | null;
  /** The type-specific public attributes (JSON), or null. */
  data: string | null;
  secret: SecretWrite;
  /** The login columns to write, or those stored for the credential (POST and PUT never write them). */
  login: LoginColumns | 'keep';
}

export type AuthorizationRow = Pick<
  AuthorizationEntity,
  'extId' | 'position' | 'kind' | 'roleId' | 'enterpriseRoleId' | 'dataRoom' | 'validFrom' | 'validTo'
>;

export interface ProfileRow extends Pick<
  ProfileEntity,
  'extId' | 'position' | 'name' | 'unitId' | 'state' | 'isDefault' | 'validFrom' | 'validTo' | 'remarks'
> {
  authorizations: AuthorizationRow[];
}

export interface PropertyRow {
  definitionId: number;
  /** '' for a property of the user; the extId of its profile or credential otherwise. */
  ownerExtId: string;
  value: string;
  uniqueKey: string | null;
}

/** Everything of the extension that lives in child tables; written as a whole. */
export interface NevisRows {
  credentials: CredentialRow[];
  profiles: ProfileRow[];
  properties: PropertyRow[];
}

/** A stored credential without its secret columns. */
export type StoredCredential = Omit<CredentialEntity, 'secretHash' | 'secretData' | 'user'>;

export interface StoredAuthorization {
  row: AuthorizationEntity;
  /** `<application>.<role>` for APPLICATION and IDM. */
  role: string | null;
  enterpriseRoleExtId: string | null;
}

export interface StoredProfile {
  row: ProfileEntity;
  unitExtId: string;
  authorizations: StoredAuthorization[];
}

export interface StoredProperty {
  name: string;
  scope: string;
  type: string;
  ownerExtId: string;
  value: string;
}

export interface StoredNevis {
  credentials: StoredCredential[];
  profiles: StoredProfile[];
  properties: StoredProperty[];
}

export const NO_NEVIS: StoredNevis = { credentials: [], profiles: [], properties: [] };
