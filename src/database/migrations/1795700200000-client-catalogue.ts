import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, createTables, dropTables, foreignKey, index } from './table-api';

/**
 * The client catalogue (issue 3, item 1): units, application roles, enterprise roles and custom property
 * definitions, each scoped by `client_id` with its unique index composite with it (ARCHITECTURE.md). Written
 * with the portable Table API like the initial schema; names match the entities for the drift check.
 */
const timestamps = [col.datetime('created_at'), col.datetime('updated_at')];

const clientForeignKey = (table: string) => foreignKey(`FK_${table}_client`, 'client_id', 'clients');

const tables = (sqlite: boolean) => [
  new Table({
    name: 'units',
    columns: [
      col.id(sqlite),
      col.int('client_id'),
      col.varchar('ext_id', 64, false),
      col.varchar('name', 255, false),
      col.varchar('parent_ext_id', 64),
      col.varchar('description', 1024),
      ...timestamps,
    ],
    indices: [
      index('UQ_units_client_ext_id', ['client_id', 'ext_id'], true),
      index('IDX_units_client_parent', ['client_id', 'parent_ext_id']),
    ],
    foreignKeys: [clientForeignKey('units')],
  }),
  new Table({
    name: 'roles',
    columns: [
      col.id(sqlite),
      col.int('client_id'),
      col.varchar('application', 64, false),
      col.varchar('name', 128, false),
      col.varchar('description', 1024),
      ...timestamps,
    ],
    indices: [index('UQ_roles_client_application_name', ['client_id', 'application', 'name'], true)],
    foreignKeys: [clientForeignKey('roles')],
  }),
  new Table({
    name: 'enterprise_roles',
    columns: [
      col.id(sqlite),
      col.int('client_id'),
      col.varchar('ext_id', 64, false),
      col.varchar('name', 255, false),
      col.varchar('description', 1024),
      ...timestamps,
    ],
    indices: [index('UQ_enterprise_roles_client_ext_id', ['client_id', 'ext_id'], true)],
    foreignKeys: [clientForeignKey('enterprise_roles')],
  }),
  new Table({
    name: 'property_definitions',
    columns: [
      col.id(sqlite),
      col.int('client_id'),
      col.varchar('name', 128, false),
      col.varchar('scope', 16, false),
      col.varchar('type', 16, false),
      col.int('max_length', true),
      col.varchar('pattern', 256),
      col.text('allowed_values', true),
      col.bool('required'),
      col.bool('unique_per_client'),
      col.varchar('description', 1024),
      ...timestamps,
    ],
    indices: [index('UQ_property_definitions_client_scope_name', ['client_id', 'scope', 'name'], true)],
    foreignKeys: [clientForeignKey('property_definitions')],
  }),
];

export class ClientCatalogue1795700200000 implements MigrationInterface {
  name = 'ClientCatalogue1795700200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Binary collation on MySQL-family engines, as for every table of the initial schema: extIds, role and
    // application names compare exactly, as on SQLite.
    await createTables(queryRunner, tables);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropTables(queryRunner, tables);
  }
}
