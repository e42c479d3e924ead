import { attr, complex, type AttributeDef } from '../schema/schema.types';

/**
 * Attributes the nevisIDM extension uses in more than one place: login information (on the user and on each
 * credential) and the open map of custom properties (of the user, its profiles and its credentials).
 */

/** USER-SCHEMA.md §3.3. */
export const LOGIN_INFO = complex(
  'loginInfo',
  'Login information, written by PATCH only: a PATCH add of {"success": true|false} records one login event now.',
  [
    attr('lastLogin', 'Time of the last successful login.', { type: 'dateTime' }),
    attr('lastLoginFailure', 'Time of the last failed login.', { type: 'dateTime' }),
    attr('successfulLoginCount', 'Number of successful logins.', { type: 'integer' }),
    attr('failedLoginCount', 'Number of failed logins.', { type: 'integer' }),
    attr('success', 'Input only: records one login event (true: success, false: failure) now.', {
      type: 'boolean',
      mutability: 'writeOnly',
      returned: 'never',
    }),
  ],
);

/**
 * The open map of custom properties (USER-SCHEMA.md §3.4): its members are the client's property definitions
 * of one scope; a tenant's `/Schemas` lists them as sub-attributes, the global copy has none.
 */
export const propertiesAttribute = (scope: string, subAttributes: readonly AttributeDef[] = []) =>
  complex(
    'properties',
    `Custom properties of the ${scope}, as defined per client (scope ${scope}).`,
    subAttributes,
    { limits: { open: true } },
  );
