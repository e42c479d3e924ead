import type { ClientSettings } from './client-settings';

/** Who a SCIM request acts for, resolved by the access guard from `{clientExtId}` and the bearer token. */
export interface TenantContext {
  readonly clientId: number;
  readonly extId: string;
  readonly settings: ClientSettings;
}
