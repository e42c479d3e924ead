import { attr, type SchemaDef } from './schema.types';
import { URN } from './urns';

/**
 * The nevisIDM User extension (USER-SCHEMA.md §3): the user's state and personal data. Credentials,
 * profiles, login info and custom properties join this schema as the nevisIDM model grows.
 */
export const NEVIS_USER_SCHEMA: SchemaDef = {
  id: URN.nevisUser,
  name: 'NevisUser',
  description: 'nevisIDM user extension',
  attributes: [
    attr('state', 'The user state; core active is true exactly when it is active.', {
      canonicalValues: ['active', 'disabled', 'archived'],
      limits: { enforceCanonical: true, maxLength: 16 },
    }),
    attr('technicalUser', 'Whether the user is a technical (non-person) user (nevisIDM isTechnicalUser).', {
      type: 'boolean',
    }),
    attr('birthDate', 'Date of birth, YYYY-MM-DD.', { limits: { format: 'date', maxLength: 10 } }),
    attr('gender', 'Gender.', {
      canonicalValues: ['female', 'male', 'other'],
      limits: { enforceCanonical: true, maxLength: 16 },
    }),
    attr('validFrom', 'Start of the validity window of the user.', { type: 'dateTime' }),
    attr('validTo', 'End of the validity window of the user.', { type: 'dateTime' }),
    attr('remarks', 'Free-text remarks.', { limits: { maxLength: 1024 } }),
  ],
};
