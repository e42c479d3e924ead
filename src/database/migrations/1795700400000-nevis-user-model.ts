import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { binaryCollation, col, createTables, dropTables, foreignKey, index } from './table-api';

/**
 * The rest of the nevisIDM user model (USER-SCHEMA.md §3): login information on users and credentials,
 * the credentials' type-specific data and validity, profiles placed in units, their authorizations on roles
 * and enterprise roles, and custom property values. Catalogue references refuse the catalogue entry's
 * deletion while used (NO ACTION); everything of a user goes with the user (CASCADE).
 */
const loginColumns = (): TableColumn[] => [
  new TableColumn(col.datetime('last_login', true)),
  new TableColumn(col.datetime('last_login_failure', true)),
  new TableColumn(col.int('successful_login_count', true)),
  new TableColumn(col.int('failed_login_count', true)),
];

const credentialColumns = (collation: string | undefined): TableColumn[] => [
  new TableColumn({ name: 'position', type: 'int', isNullable: false, default: 0 }),
  new TableColumn(col.datetime('valid_from', true)),
  new TableColumn(col.datetime('valid_to', true)),
  new TableColumn({ ...col.varchar('policy_ext_id', 64), collation }),
  new TableColumn({ ...col.text('data', true), collation }),
  new TableColumn({ ...col.text('secret_data', true), collation }),
  ...loginColumns(),
];

const tables = (sqlite: boolean) => [
  new Table({
    name: 'profiles',
    columns: [
      col.id(sqlite),
      col.int('client_id'),
      col.bigint('user_id'),
      col.varchar('ext_id', 64, false),
      col.int('position'),
      col.varchar('name', 255),
      col.int('unit_id'),
      col.varchar('state', 16, false),
      col.bool('is_default'),
      col.datetime('valid_from', true),
      col.datetime('valid_to', true),
      col.varchar('remarks', 1024),
    ],
    indices: [
      index('UQ_profiles_client_user_ext_id', ['client_id', 'user_id', 'ext_id'], true),
      index('IDX_profiles_user', ['user_id']),
      index('IDX_profiles_unit', ['unit_id']),
    ],
    foreignKeys: [
      foreignKey('FK_profiles_user', 'user_id', 'users'),
      foreignKey('FK_profiles_unit', 'unit_id', 'units', 'NO ACTION'),
    ],
  }),
  new Table({
    name: 'authorizations',
    columns: [
      col.id(sqlite),
      col.int('client_id'),
      col.bigint('user_id'),
      col.int('profile_id'),
      col.varchar('ext_id', 64, false),
      col.int('position'),
      col.varchar('kind', 16, false),
      col.int('role_id', true),
      col.int('enterprise_role_id', true),
      col.text('data_room', true),
      col.datetime('valid_from', true),
      col.datetime('valid_to', true),
    ],
    indices: [
      index('UQ_authorizations_client_user_ext_id', ['client_id', 'user_id', 'ext_id'], true),
      index('UQ_authorizations_client_profile_role', ['client_id', 'profile_id', 'role_id'], true),
      index(
        'UQ_authorizations_client_profile_enterprise_role',
        ['client_id', 'profile_id', 'enterprise_role_id'],
        true,
      ),
      index('IDX_authorizations_user', ['user_id']),
      index('IDX_authorizations_profile', ['profile_id']),
      index('IDX_authorizations_role', ['role_id']),
      index('IDX_authorizations_enterprise_role', ['enterprise_role_id']),
    ],
    foreignKeys: [
      foreignKey('FK_authorizations_user', 'user_id', 'users'),
      foreignKey('FK_authorizations_profile', 'profile_id', 'profiles'),
      foreignKey('FK_authorizations_role', 'role_id', 'roles', 'NO ACTION'),
      foreignKey('FK_authorizations_enterprise_role', 'enterprise_role_id', 'enterprise_roles', 'NO ACTION'),
    ],
  }),
  new Table({
    name: 'property_values',
    columns: [
      col.id(sqlite),
      col.int('client_id'),
      col.bigint('user_id'),
      col.int('definition_id'),
      col.varchar('owner_ext_id', 64, false),
      col.text('value'),
      col.varchar('unique_key', 64),
    ],
    indices: [
      index(
        'UQ_property_values_client_user_owner_definition',
        ['client_id', 'user_id', 'owner_ext_id', 'definition_id'],
        true,
      ),
      index(
        'UQ_property_values_client_definition_unique_key',
        ['client_id', 'definition_id', 'unique_key'],
        true,
      ),
      index('IDX_property_values_user', ['user_id']),
      index('IDX_property_values_definition', ['definition_id']),
    ],
    foreignKeys: [
      foreignKey('FK_property_values_user', 'user_id', 'users'),
      foreignKey('FK_property_values_definition', 'definition_id', 'property_definitions', 'NO ACTION'),
    ],
  }),
];

export class NevisUserModel1795700400000 implements MigrationInterface {
  name = 'NevisUserModel1795700400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const collation = binaryCollation(queryRunner);
    for (const column of loginColumns()) await queryRunner.addColumn('users', column);
    for (const column of credentialColumns(collation)) await queryRunner.addColumn('credentials', column);
    // Unique indexes are composite with the client id (ARCHITECTURE.md); user_id keeps an index of its own
    // for its foreign key, created before the old unique index that served it goes.
    await queryRunner.createIndex('credentials', index('IDX_credentials_user', ['user_id']));
    await queryRunner.createIndex(
      'credentials',
      index('UQ_credentials_client_user_ext_id', ['client_id', 'user_id', 'ext_id'], true),
    );
    await queryRunner.dropIndex('credentials', 'UQ_credentials_user_ext_id');
    await createTables(queryRunner, tables);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropTables(queryRunner, tables);
    await queryRunner.createIndex(
      'credentials',
      index('UQ_credentials_user_ext_id', ['user_id', 'ext_id'], true),
    );
    await queryRunner.dropIndex('credentials', 'UQ_credentials_client_user_ext_id');
    await queryRunner.dropIndex('credentials', 'IDX_credentials_user');
    for (const column of credentialColumns(undefined).reverse())
      await queryRunner.dropColumn('credentials', column.name);
    for (const column of loginColumns().reverse()) await queryRunner.dropColumn('users', column.name);
  }
}
