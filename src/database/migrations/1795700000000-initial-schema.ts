import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import type { TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';
import { col, createTables, dropTables, foreignKey, index } from './table-api';

// The foundation schema, written with TypeORM's portable Table API (table-api.ts) so one migration runs on
// SQLite and MariaDB/MySQL (TOOLCHAIN.md). Table, index and foreign-key names match the entities exactly; CI's
// drift check fails when they diverge.

/** Columns of every user child table (UserChildColumns). */
const childColumns = (sqlite: boolean): TableColumnOptions[] => [
  col.id(sqlite),
  col.int('client_id'),
  col.bigint('user_id'),
  col.int('position'),
  col.varchar('type', 32),
  col.bool('primary'),
];

const tables = (sqlite: boolean) => [
  new Table({
    name: 'clients',
    columns: [
      col.id(sqlite),
      col.varchar('ext_id', 64, false),
      col.varchar('name', 255, false),
      col.varchar('description', 1024),
      col.varchar('state', 16, false),
      col.text('settings'),
      col.datetime('created_at'),
      col.datetime('updated_at'),
    ],
    indices: [index('UQ_clients_ext_id', ['ext_id'], true)],
  }),
  new Table({
    name: 'client_tokens',
    columns: [
      { name: 'id', type: 'varchar', length: '36', isPrimary: true },
      col.int('client_id'),
      col.varchar('name', 255, false),
      col.varchar('token_hash', 64, false),
      col.varchar('token_prefix', 16, false),
      col.datetime('created_at'),
      col.datetime('expires_at', true),
      col.datetime('last_used_at', true),
      col.datetime('revoked_at', true),
    ],
    indices: [
      index('UQ_client_tokens_token_hash', ['token_hash'], true),
      index('IDX_client_tokens_client', ['client_id']),
    ],
    foreignKeys: [foreignKey('FK_client_tokens_client', 'client_id', 'clients')],
  }),
  new Table({
    name: 'users',
    columns: [
      col.id(sqlite, 'bigint'),
      col.int('client_id'),
      col.varchar('user_name', 255, false),
      col.varchar('user_name_norm', 255, false),
      col.varchar('external_id', 255),
      col.varchar('family_name', 255),
      col.varchar('given_name', 255),
      col.varchar('middle_name', 255),
      col.varchar('honorific_prefix', 255),
      col.varchar('honorific_suffix', 255),
      col.varchar('display_name', 255),
      col.varchar('nick_name', 255),
      col.varchar('profile_url', 1024),
      col.varchar('title', 255),
      col.varchar('user_type', 64),
      col.varchar('preferred_language', 64),
      col.varchar('locale', 64),
      col.varchar('timezone', 64),
      col.varchar('state', 16, false),
      col.varchar('employee_number', 255),
      col.varchar('cost_center', 255),
      col.varchar('organization', 255),
      col.varchar('division', 255),
      col.varchar('department', 255),
      col.varchar('manager_value', 64),
      col.int('version'),
      col.datetime('created_at'),
      col.datetime('updated_at'),
    ],
    indices: [
      index('UQ_users_client_user_name', ['client_id', 'user_name_norm'], true),
      index('UQ_users_client_external_id', ['client_id', 'external_id'], true),
      index('IDX_users_client_updated', ['client_id', 'updated_at']),
      index('IDX_users_client_created', ['client_id', 'created_at']),
    ],
    foreignKeys: [foreignKey('FK_users_client', 'client_id', 'clients')],
  }),
  new Table({
    name: 'user_emails',
    columns: [
      ...childColumns(sqlite),
      col.varchar('value', 320, false),
      col.varchar('value_norm', 320, false),
      col.varchar('display', 255),
    ],
    indices: [
      index('IDX_user_emails_user', ['user_id']),
      index('IDX_user_emails_client_value', ['client_id', 'value_norm']),
    ],
    foreignKeys: [foreignKey('FK_user_emails_user', 'user_id', 'users')],
  }),
  new Table({
    name: 'user_phone_numbers',
    columns: [
      ...childColumns(sqlite),
      col.varchar('value', 64, false),
      col.varchar('value_norm', 64, false),
      col.varchar('display', 255),
    ],
    indices: [
      index('IDX_user_phone_numbers_user', ['user_id']),
      index('IDX_user_phone_numbers_client_value', ['client_id', 'value_norm']),
    ],
    foreignKeys: [foreignKey('FK_user_phone_numbers_user', 'user_id', 'users')],
  }),
  new Table({
    name: 'user_addresses',
    columns: [
      ...childColumns(sqlite),
      col.varchar('formatted', 1024),
      col.varchar('street_address', 512),
      col.varchar('locality', 255),
      col.varchar('region', 255),
      col.varchar('postal_code', 32),
      col.varchar('country', 64),
    ],
    indices: [index('IDX_user_addresses_user', ['user_id'])],
    foreignKeys: [foreignKey('FK_user_addresses_user', 'user_id', 'users')],
  }),
  new Table({
    name: 'user_multi_values',
    columns: [
      ...childColumns(sqlite),
      col.varchar('attribute', 32, false),
      col.text('value'),
      col.varchar('display', 255),
    ],
    indices: [index('IDX_user_multi_values_user', ['user_id'])],
    foreignKeys: [foreignKey('FK_user_multi_values_user', 'user_id', 'users')],
  }),
  new Table({
    name: 'credentials',
    columns: [
      col.id(sqlite),
      col.int('client_id'),
      col.bigint('user_id'),
      col.varchar('ext_id', 64, false),
      col.varchar('type', 32, false),
      col.varchar('state', 16, false),
      col.varchar('secret_hash', 255),
      col.datetime('created_at'),
      col.datetime('updated_at'),
    ],
    indices: [
      index('UQ_credentials_user_ext_id', ['user_id', 'ext_id'], true),
      index('IDX_credentials_client_type', ['client_id', 'type']),
    ],
    foreignKeys: [foreignKey('FK_credentials_user', 'user_id', 'users')],
  }),
];

export class InitialSchema1795700000000 implements MigrationInterface {
  name = 'InitialSchema1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createTables(queryRunner, tables);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropTables(queryRunner, tables);
  }
}
