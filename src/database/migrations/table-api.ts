import { TableForeignKey, TableIndex } from 'typeorm';
import type { TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';

/**
 * Column, index and foreign-key builders for migrations written with TypeORM's portable Table API
 * (TOOLCHAIN.md): one migration runs on SQLite and MariaDB/MySQL. Names must match the entities exactly;
 * CI's drift check fails when they diverge.
 */
export const col = {
  // SQLite allows AUTOINCREMENT only on INTEGER PRIMARY KEY (a 64-bit integer there anyway).
  id: (sqlite: boolean): TableColumnOptions => ({
    name: 'id',
    type: sqlite ? 'integer' : 'int',
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
