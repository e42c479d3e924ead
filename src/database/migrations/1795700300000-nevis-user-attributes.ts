import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { binaryCollation } from './table-api';

/** The nevisIDM extension's personal attributes of a user (USER-SCHEMA.md §3): all optional. */
export class NevisUserAttributes1795700300000 implements MigrationInterface {
  name = 'NevisUserAttributes1795700300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const collation = binaryCollation(queryRunner);
    const columns = [
      new TableColumn({ name: 'technical_user', type: 'boolean', isNullable: true }),
      new TableColumn({ name: 'birth_date', type: 'varchar', length: '10', isNullable: true, collation }),
      new TableColumn({ name: 'gender', type: 'varchar', length: '16', isNullable: true, collation }),
      new TableColumn({ name: 'valid_from', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'valid_to', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'remarks', type: 'varchar', length: '1024', isNullable: true, collation }),
    ];
    for (const column of columns) await queryRunner.addColumn('users', column);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of ['remarks', 'valid_to', 'valid_from', 'gender', 'birth_date', 'technical_user']) {
      await queryRunner.dropColumn('users', name);
    }
  }
}
