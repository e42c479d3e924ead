import { TableForeignKey, TableIndex, type QueryRunner, type Table } from 'typeorm';
import type { TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';

/**
 * Column, index and foreign-key builders for migrations written with TypeORM's portable Table API
 * (TOOLCHAIN.md): one migration runs on SQLite and MariaDB/MySQL. Names must match the entities exactly;
 * CI's drift check fails when they diverge.
 */
export const col = {
  // SQLite allows AUTOINCREMENT only on INTEGER PRIMARY KEY (a 64-bit integer there anyway).
  id: (sqlite: boolean, type: 'int' | 'bigint' = 'int'): TableColumnOptions => ({
    name: 'id',
    type: sqlite ? 'integer' : type,
    isPrimary: true,
    isGenerated: true,
    generationStrategy: 'increment',
  }),
  int: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'int', isNullable: nullable }),
  bigint: (name: string): TableColumnOptions => ({ name, type: 'bigint', isNullable: false }),
  varchar: (name: string, length: number, nullable = true): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: String(length),
    isNullable: nullable,
  }),
  text: (name: string, nullable = false): TableColumnOptions => ({
    name,
    type: 'text',
    isNullable: nullable,
  }),
  bool: (name: string): TableColumnOptions => ({ name, type: 'boolean', isNullable: false }),
  datetime: (name: string, nullable = false): TableColumnOptions => ({
    name,
    type: 'datetime',
    precision: 3,
    isNullable: nullable,
  }),
};

/** A foreign key to `table.id`: CASCADE deletes the rows with their owner; NO ACTION refuses the delete. */
export const foreignKey = (
  name: string,
  column: string,
  table: string,
  onDelete: 'CASCADE' | 'NO ACTION' = 'CASCADE',
) =>
  new TableForeignKey({
    name,
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete,
    onUpdate: 'NO ACTION',
  });

export const index = (name: string, columnNames: string[], isUnique = false) =>
  new TableIndex({ name, columnNames, isUnique });

/**
 * Binary, no-pad collation on MySQL-family engines: strings compare exactly as on SQLite, so `externalId`
 * is case-sensitive and unique, and `rené`/`rene` or `a`/`a ` never collide. Case-insensitive matching
 * uses the normalised columns instead.
 */
export function binaryCollation(queryRunner: QueryRunner): string | undefined {
  const type = queryRunner.connection.options.type;
  if (type === 'mariadb') return 'utf8mb4_nopad_bin';
  if (type === 'mysql') return 'utf8mb4_0900_bin';
  return undefined;
}

export const isSqlite = (queryRunner: QueryRunner): boolean =>
  queryRunner.connection.options.type === 'better-sqlite3';

/** Creates the tables (with their indexes and foreign keys), in the binary collation on MySQL-family engines. */
export async function createTables(queryRunner: QueryRunner, tables: (sqlite: boolean) => Table[]) {
  const collation = binaryCollation(queryRunner);
  for (const table of tables(isSqlite(queryRunner))) {
    await queryRunner.createTable(table, false, true, true);
    if (collation) {
      await queryRunner.query(
        `ALTER TABLE \`${table.name}\` CONVERT TO CHARACTER SET utf8mb4 COLLATE ${collation}`,
      );
    }
  }
}

/** Drops the tables in reverse order. */
export async function dropTables(queryRunner: QueryRunner, tables: (sqlite: boolean) => Table[]) {
  for (const table of tables(isSqlite(queryRunner)).reverse()) {
    await queryRunner.dropTable(table.name, true, true, true);
  }
}
