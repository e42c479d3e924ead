import { ClientTokenEntity } from '../clients/entities/client-token.entity';
import { ClientEntity } from '../clients/entities/client.entity';
import { EnterpriseRoleEntity } from '../clients/entities/enterprise-role.entity';
import { PropertyDefinitionEntity } from '../clients/entities/property-definition.entity';
import { RoleEntity } from '../clients/entities/role.entity';
import { UnitEntity } from '../clients/entities/unit.entity';
import { AuthorizationEntity } from '../users/entities/authorization.entity';
import { CredentialEntity } from '../users/entities/credential.entity';
import { ProfileEntity } from '../users/entities/profile.entity';
import { PropertyValueEntity } from '../users/entities/property-value.entity';
import { UserAddressEntity } from '../users/entities/user-address.entity';
import { UserEmailEntity } from '../users/entities/user-email.entity';
import { UserMultiValueEntity } from '../users/entities/user-multi-value.entity';
import { UserPhoneNumberEntity } from '../users/entities/user-phone-number.entity';
import { UserEntity } from '../users/entities/user.entity';

/** Every entity, listed explicitly (no globs: they match `.d.ts` files in `dist`). */
export const ENTITIES = [
  ClientEntity,
  ClientTokenEntity,
  UserEntity,
  UserEmailEntity,
  UserPhoneNumberEntity,
  UserAddressEntity,
  UserMultiValueEntity,
  CredentialEntity,
  UnitEntity,
  RoleEntity,
  EnterpriseRoleEntity,
  PropertyDefinitionEntity,
  ProfileEntity,
  AuthorizationEntity,
  PropertyValueEntity,
];
