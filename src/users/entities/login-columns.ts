import { Column } from 'typeorm';

/** Login information (USER-SCHEMA.md §3.3), embedded in users and credentials; null until recorded. */
export class LoginColumns {
  @Column({ name: 'last_login', type: 'datetime', precision: 3, nullable: true })
  lastLogin: Date | null;

  @Column({ name: 'last_login_failure', type: 'datetime', precision: 3, nullable: true })
  lastLoginFailure: Date | null;

  @Column({ name: 'successful_login_count', type: 'int', nullable: true })
  successfulLoginCount: number | null;

  @Column({ name: 'failed_login_count', type: 'int', nullable: true })
  failedLoginCount: number | null;
}
